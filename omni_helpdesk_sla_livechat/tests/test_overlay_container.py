# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestOverlayContainer(HttpCase):
    """The live chat's overlay container never mounts the page's dialogs."""

    def test_shadow_container_does_not_mount_page_overlays(self):
        # The bug this guards shows on a product page as a click and collect store
        # chosen on one cart while the session keeps another (website_sale_collect's
        # TestClickAndCollectFlow); here the container is mounted directly, so the
        # check does not depend on which request answers first.
        self.start_tour("/web/login", "omni_overlay_container_tour")

# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestFrontendTranslations(HttpCase):
    """A Spanish shopper's page gets this addon's script texts in Spanish."""

    def test_website_translations_carry_the_addon_terms(self):
        self.env["res.lang"]._activate_lang("es_ES")
        # The route the website's translation service calls (http_routing).
        response = self.url_open("/website/translations/omni?lang=es_ES")
        self.assertEqual(response.status_code, 200)
        modules = json.loads(response.content)["modules"]
        self.assertIn("omni_last_mile", modules)
        strings = {m["id"]: m["string"] for m in modules["omni_last_mile"]["messages"]}
        self.assertEqual(strings.get("%s left"), "quedan %s")

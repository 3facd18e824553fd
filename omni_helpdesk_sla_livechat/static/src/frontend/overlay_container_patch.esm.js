/** @odoo-module **/
// Copyright 2026 Omnicanal
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {OverlayContainer} from "@web/core/overlay/overlay_container";
import {patch} from "@web/core/utils/patch";

/**
 * The website's live chat mounts a second overlay container (in its shadow
 * root, im_livechat's LivechatRoot) on the same overlay service as the page.
 * Until a container's effect has read its root element, Odoo's ``isVisible``
 * compares ``undefined`` with the ``undefined`` root id of every page overlay
 * and says yes: a page dialog open when the live chat mounts (the click and
 * collect store selector of a product page, for one) is mounted a second
 * time for one render, and its start-up requests go twice. For a visitor with
 * no cart yet, two carts are created and the chosen store lands on the one the
 * session forgets. A container shows nothing until it knows its root; the
 * effect that sets it re-renders it at once.
 */
patch(OverlayContainer.prototype, {
    isVisible(overlay) {
        return Boolean(this.state.rootEl) && super.isVisible(overlay);
    },
});

/** @odoo-module */
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {Component} from "@odoo/owl";
import {ControlButtons} from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import {Dialog} from "@web/core/dialog/dialog";
import {patch} from "@web/core/utils/patch";

/** The customer's wallet and tier, read from the server: the same figures as the back office and the portal. */
export class OmniWalletDialog extends Component {
    static template = "omni_loyalty.OmniWalletDialog";
    static components = {Dialog};
    static props = {wallet: Object, close: Function};
}

patch(ControlButtons.prototype, {
    async onClickOmniWallet() {
        const partner = this.pos.get_order()?.get_partner();
        if (!partner) {
            return;
        }
        const wallet = await this.pos.data.call("res.partner", "omni_pos_wallet", [partner.id]);
        this.dialog.add(OmniWalletDialog, {wallet});
    },
});

/** @odoo-module */
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {Component} from "@odoo/owl";
import {ControlButtons} from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import {Dialog} from "@web/core/dialog/dialog";
import {PosStore} from "@point_of_sale/app/store/pos_store";
import {patch} from "@web/core/utils/patch";
import {serializeDateTime} from "@web/core/l10n/dates";

const {DateTime} = luxon;

/**
 * The customer's wallet and tier, read from the server: the same figures as the back office and the portal.
 * Card codes are secrets: the server sends them masked (last 4 characters); a card is used by scanning or
 * typing its code (the POS "Enter Code" button), never picked from this list.
 */
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

/**
 * What the till knows about being offline, sent with each order: whether it had no connection when the
 * order was created, and its own clock when it sends the order (compared with the order date, same clock).
 */
patch(PosStore.prototype, {
    createNewOrder() {
        const order = super.createNewOrder(...arguments);
        if (this.data?.network?.offline) {
            order.omni_taken_offline = true;
        }
        return order;
    },
    async preSyncAllOrders(orders) {
        await super.preSyncAllOrders(...arguments);
        const now = serializeDateTime(DateTime.now());
        for (const order of orders) {
            order.omni_till_sent_at = now;
        }
    },
});

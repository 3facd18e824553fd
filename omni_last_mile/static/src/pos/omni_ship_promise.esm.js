/** @odoo-module **/
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {ControlButtons} from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import {PosOrderline} from "@point_of_sale/app/models/pos_order_line";
import {patch} from "@web/core/utils/patch";

patch(ControlButtons.prototype, {
    async clickOmniNetwork() {
        await super.clickOmniNetwork(...arguments);
        const order = this.pos.get_order();
        const line = order?.get_selected_orderline();
        if (!line) {
            return;
        }
        line.uiState.omniPromise = "";
        const partner = order.get_partner();
        if (line.omni_fulfilment !== "ship" || !line.omni_warehouse_id || !partner) {
            return;
        }
        const warehouse = line.omni_warehouse_id;
        try {
            const data = await this.pos.data.call("pos.session", "omni_pos_promise", [
                [this.pos.session.id],
                partner.id,
                line.product_id.id,
                warehouse.id,
            ]);
            // The answer of a line the cashier has not changed meanwhile.
            const unchanged =
                line.omni_warehouse_id?.id === warehouse.id && line.omni_fulfilment === "ship";
            if (data.headline && unchanged) {
                line.uiState.omniPromise = data.headline;
            }
        } catch {
            // No date then: the promise never blocks the sale.
        }
    },
});

patch(PosOrderline.prototype, {
    getDisplayData() {
        const data = super.getDisplayData();
        const promise = this.omni_fulfilment === "ship" && this.uiState?.omniPromise;
        if (data.omniSource && promise) {
            data.omniSource = `${data.omniSource} · ${promise}`;
        }
        return data;
    },
});

/** @odoo-module */
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {Component} from "@odoo/owl";
import {ControlButtons} from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import {Dialog} from "@web/core/dialog/dialog";
import {patch} from "@web/core/utils/patch";

/**
 * The selected customer's recommendations in this store, from the same service as the website and the
 * back office: only products this POS sells and can promise. One tap adds a product to the order.
 */
export class OmniRecommendDialog extends Component {
    static template = "omni_recommend.OmniRecommendDialog";
    static components = {Dialog};
    static props = {products: Array, partnerName: String, add: Function, close: Function};

    async onClickAdd(product) {
        await this.props.add(product);
        this.props.close();
    }
}

patch(ControlButtons.prototype, {
    async onClickOmniRecommend() {
        const partner = this.pos.get_order()?.get_partner();
        if (!partner) {
            return;
        }
        const result = await this.pos.data.call("res.partner", "omni_recommend_pos", [
            partner.id,
            this.pos.config.id,
            8,
        ]);
        const products = result.product_ids
            .map((id) => this.pos.models["product.product"].get(id))
            .filter(Boolean);
        this.dialog.add(OmniRecommendDialog, {
            products,
            partnerName: partner.name,
            add: (product) => this.pos.addLineToCurrentOrder({product_id: product}, {}),
        });
    },
});

/** @odoo-module **/
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {PosOrderline} from "@point_of_sale/app/models/pos_order_line";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";

patch(PosOrderline.prototype, {
    omniSourceLabel() {
        const node = this.omni_warehouse_id;
        if (!node) {
            return "";
        }
        if (this.omni_fulfilment === "collect") {
            return _t("To collect at %s, once it is ready", node.name);
        }
        return _t("Ships from %s to the customer's address", node.name);
    },
    getDisplayData() {
        return {...super.getDisplayData(), omniSource: this.omniSourceLabel()};
    },
});

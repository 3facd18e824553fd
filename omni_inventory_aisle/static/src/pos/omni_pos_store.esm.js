/** @odoo-module **/
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {PosStore} from "@point_of_sale/app/store/pos_store";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";

patch(PosStore.prototype, {
    /**
     * The server always saves a paid order; when the unit it sold was promised
     * to a web order, its answer says what became of that order. Tell the
     * cashier without blocking anything.
     */
    postSyncAllOrders(orders) {
        const res = super.postSyncAllOrders(...arguments);
        for (const order of orders || []) {
            const notice = order.omni_stock_notice || order.raw?.omni_stock_notice;
            if (notice && !order.uiState?.omniNoticeShown) {
                if (order.uiState) {
                    order.uiState.omniNoticeShown = true;
                }
                this.notification.add(notice, {
                    title: _t("Sold a unit promised online"),
                    type: "warning",
                });
            }
        }
        return res;
    },
});

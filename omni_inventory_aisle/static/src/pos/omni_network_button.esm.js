/** @odoo-module **/
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {AlertDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {ControlButtons} from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import {SelectionPopup} from "@point_of_sale/app/utils/input_popups/selection_popup";
import {_t} from "@web/core/l10n/translation";
import {makeAwaitable} from "@point_of_sale/app/store/make_awaitable_dialog";
import {patch} from "@web/core/utils/patch";

patch(ControlButtons.prototype, {
    async clickOmniNetwork() {
        const line = this.pos.get_order()?.get_selected_orderline();
        if (!line) {
            this.dialog.add(AlertDialog, {
                title: _t("Network stock"),
                body: _t("Select a product line first."),
            });
            return;
        }
        const data = await this.pos.data.call(
            "omni.stock.availability",
            "omni_pos_availability",
            [this.pos.config.id, line.product_id.id]
        );
        const list = [];
        for (const node of data.nodes) {
            if (node.is_store) {
                list.push({
                    id: `${node.id}-here`,
                    label: _t("%(name)s (this store): %(qty)s", node),
                    isSelected: !line.omni_warehouse_id,
                    item: {node, fulfilment: false},
                });
                continue;
            }
            if (node.qty <= 0) {
                continue;
            }
            if (node.ships) {
                list.push({
                    id: `${node.id}-ship`,
                    label: _t("%(name)s: %(qty)s, ship to the customer", node),
                    isSelected:
                        line.omni_warehouse_id?.id === node.id &&
                        line.omni_fulfilment === "ship",
                    item: {node, fulfilment: "ship"},
                });
            }
            if (node.pickup) {
                list.push({
                    id: `${node.id}-collect`,
                    label: _t("%(name)s: %(qty)s, collect there", node),
                    isSelected:
                        line.omni_warehouse_id?.id === node.id &&
                        line.omni_fulfilment === "collect",
                    item: {node, fulfilment: "collect"},
                });
            }
        }
        const choice = await makeAwaitable(this.dialog, SelectionPopup, {
            title: _t("Stock in the network: %s", line.product_id.display_name),
            list,
        });
        if (!choice) {
            return;
        }
        if (!choice.fulfilment) {
            line.update({omni_warehouse_id: false, omni_fulfilment: false});
            return;
        }
        if (!this.pos.get_order().get_partner()) {
            this.dialog.add(AlertDialog, {
                title: _t("Customer needed"),
                body: _t("Select the customer who receives or collects this line."),
            });
            return;
        }
        line.update({
            omni_warehouse_id: this.pos.models["stock.warehouse"].get(choice.node.id),
            omni_fulfilment: choice.fulfilment,
        });
    },
});

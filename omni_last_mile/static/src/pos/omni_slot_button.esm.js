/** @odoo-module **/
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {AlertDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {ControlButtons} from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import {PosOrderline} from "@point_of_sale/app/models/pos_order_line";
import {SelectionPopup} from "@point_of_sale/app/utils/input_popups/selection_popup";
import {_t} from "@web/core/l10n/translation";
import {makeAwaitable} from "@point_of_sale/app/store/make_awaitable_dialog";
import {patch} from "@web/core/utils/patch";

const SLOT_TYPES = {ship: "delivery", collect: "pickup"};

patch(ControlButtons.prototype, {
    async clickOmniSlot() {
        const order = this.pos.get_order();
        const line = order?.get_selected_orderline();
        const partner = order?.get_partner();
        if (!line?.omni_warehouse_id || !SLOT_TYPES[line.omni_fulfilment] || !partner) {
            this.dialog.add(AlertDialog, {
                title: _t("Delivery slot"),
                body: _t("Select a line shipped to the customer or collected in a store first."),
            });
            return;
        }
        let data = null;
        try {
            data = await this.pos.data.call("pos.session", "omni_pos_slots", [
                [this.pos.session.id],
                partner.id,
                line.omni_warehouse_id.id,
                line.omni_fulfilment,
            ]);
        } catch (error) {
            data = {error: error.data?.message || _t("The slots cannot be listed now.")};
        }
        if (data.error || !data.slots.length) {
            this.dialog.add(AlertDialog, {
                title: _t("Delivery slot"),
                body: data.error || _t("No slot has a place left: the sale goes ahead without one."),
            });
            return;
        }
        const wanted = order.omni_slot_wanted_id;
        const list = data.slots.map((slot) => ({
            id: slot.id,
            label: slot.label,
            description: _t("%s places left", slot.remaining),
            isSelected: wanted?.id === slot.id,
            item: slot,
        }));
        list.push({id: 0, label: _t("No slot"), isSelected: !wanted, item: {id: 0}});
        const choice = await makeAwaitable(this.dialog, SelectionPopup, {
            title: _t("Slot for %s", partner.name),
            list,
        });
        if (!choice) {
            return;
        }
        if (!choice.id) {
            order.update({omni_slot_wanted_id: false});
            return;
        }
        // Booked when the paid sale is synced (the next free one if it fills meanwhile).
        const [slot] = await this.pos.data.read("omni.delivery.slot", [choice.id]);
        order.update({omni_slot_wanted_id: slot});
    },
});

patch(PosOrderline.prototype, {
    getDisplayData() {
        const data = super.getDisplayData();
        const slot = this.order_id?.omni_slot_wanted_id;
        const serves =
            slot &&
            SLOT_TYPES[this.omni_fulfilment] === slot.slot_type &&
            (slot.slot_type === "delivery" || slot.warehouse_id?.id === this.omni_warehouse_id?.id);
        if (data.omniSource && serves) {
            data.omniSource = `${data.omniSource} · ${_t("Slot: %s", slot.display_name)}`;
        }
        return data;
    },
});

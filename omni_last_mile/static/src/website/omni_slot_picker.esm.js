/** @odoo-module **/
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import publicWidget from "@web/legacy/js/public/public_widget";
import {rpc} from "@web/core/network/rpc";
import {_t} from "@web/core/l10n/translation";
import "@website_sale/js/checkout";

/** Checkout: the slots of the chosen delivery method (own vans or pickup store). */
publicWidget.registry.WebsiteSaleCheckout.include({
    events: Object.assign({}, publicWidget.registry.WebsiteSaleCheckout.prototype.events, {
        "change input[name='omni_slot']": "_onOmniSlotChange",
    }),

    async _updateDeliveryMethod() {
        await this._super(...arguments);
        await this._omniLoadSlots();
    },

    async _setPickupLocation() {
        await this._super(...arguments);
        await this._omniLoadSlots();
    },

    async _omniLoadSlots() {
        const picker = this.el.querySelector("#omni_slot_picker");
        if (!picker) {
            return;
        }
        const result = await rpc("/omni/last_mile/slots", {});
        const list = picker.querySelector(".o_omni_slot_list");
        list.replaceChildren();
        this._omniSlotError("");
        const slots = result.slots || [];
        picker.classList.toggle("d-none", !slots.length);
        for (const slot of slots) {
            const label = document.createElement("label");
            label.className = "list-group-item d-flex gap-2 align-items-center o_omni_slot";
            const radio = document.createElement("input");
            radio.type = "radio";
            radio.name = "omni_slot";
            radio.className = "form-check-input";
            radio.value = slot.id;
            radio.checked = slot.id === result.selected;
            const text = document.createElement("span");
            text.className = "flex-grow-1";
            text.textContent = slot.label;
            const left = document.createElement("span");
            left.className = "badge text-bg-light";
            left.textContent = _t("%s left", slot.remaining);
            label.append(radio, text, left);
            list.append(label);
        }
    },

    _omniSlotError(message) {
        const error = this.el.querySelector("#omni_slot_picker .o_omni_slot_error");
        if (error) {
            error.classList.toggle("d-none", !message);
            error.textContent = message || "";
        }
    },

    async _onOmniSlotChange(ev) {
        const body = new FormData();
        body.append("slot_id", ev.currentTarget.value);
        body.append("csrf_token", odoo.csrf_token);
        const response = await fetch("/omni/last_mile/slot", {method: "POST", body});
        const result = await response.json();
        this._omniSlotError(response.ok ? "" : result.error);
        if (!response.ok) {
            ev.currentTarget.checked = false;
            await this._omniLoadSlots();
            this._omniSlotError(result.error);
        } else {
            this.el.querySelector("#omni_slot_picker").dataset.slotId = result.slot_id;
        }
    },
});

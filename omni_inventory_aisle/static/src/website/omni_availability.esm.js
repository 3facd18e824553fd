/** @odoo-module **/
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import publicWidget from "@web/legacy/js/public/public_widget";
import {rpc} from "@web/core/network/rpc";
import {_t} from "@web/core/l10n/translation";

publicWidget.registry.OmniAvailability = publicWidget.Widget.extend({
    selector: ".o_omni_availability",
    events: {
        "click .o_omni_find_stores": "_onSubmitPostcode",
        "keydown .o_omni_postcode_form input": "_onPostcodeKeydown",
        "click .o_omni_pickup": "_onClickPickup",
    },

    async start() {
        await this._super(...arguments);
        this.productId = parseInt(this.el.dataset.productId, 10);
        await this._load();
    },

    async _load(postcode) {
        const result = await rpc("/omni/availability", {
            product_id: this.productId,
            postcode: postcode || null,
        });
        this._render(result);
    },

    _render(result) {
        const error = this.el.querySelector(".o_omni_error");
        error.classList.toggle("d-none", !result.error);
        error.textContent = result.error || "";
        if (result.error) {
            return;
        }
        this.el.querySelector(".o_omni_online_qty").textContent = result.online;
        this.el.querySelector(".o_omni_stores_count").textContent = result.stores_count;
        const list = this.el.querySelector(".o_omni_store_list");
        list.replaceChildren();
        for (const store of result.stores) {
            const item = document.createElement("li");
            item.className = "o_omni_store d-flex align-items-center gap-2 py-1";
            item.dataset.warehouseId = store.id;
            const label = document.createElement("span");
            label.className = "flex-grow-1";
            const distance = store.km === null ? "" : ` · ${store.km} km`;
            const hours = store.opening_hours ? ` · ${store.opening_hours}` : "";
            const city = store.city ? ` (${store.city})` : "";
            label.textContent = `${store.name}${city}: ${store.qty}${distance}${hours}`;
            const button = document.createElement("button");
            button.type = "button";
            button.className = "btn btn-sm btn-outline-primary o_omni_pickup";
            button.dataset.warehouseId = store.id;
            button.textContent = _t("Pick up here");
            item.append(label, button);
            list.append(item);
        }
    },

    async _onSubmitPostcode(ev) {
        // The block lives inside the add-to-cart form: never submit it.
        ev.preventDefault();
        ev.stopPropagation();
        const postcode = this.el.querySelector(".o_omni_postcode_form input").value;
        await this._load(postcode.trim());
    },

    async _onPostcodeKeydown(ev) {
        if (ev.key === "Enter") {
            await this._onSubmitPostcode(ev);
        }
    },

    async _onClickPickup(ev) {
        ev.preventDefault();
        const warehouseId = parseInt(ev.currentTarget.dataset.warehouseId, 10);
        const result = await rpc("/omni/pickup", {
            product_id: this.productId,
            warehouse_id: warehouseId,
            quantity: 1,
        });
        if (result.error) {
            this._render({error: result.error});
            return;
        }
        window.location.href = "/shop/cart";
    },
});

export default publicWidget.registry.OmniAvailability;

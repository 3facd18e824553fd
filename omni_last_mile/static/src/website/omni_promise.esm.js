/** @odoo-module **/
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import publicWidget from "@web/legacy/js/public/public_widget";
import {rpc} from "@web/core/network/rpc";

/** Product page: "Get it on Thursday 3 if you order before 14:00", per variant and postcode. */
publicWidget.registry.OmniPromise = publicWidget.Widget.extend({
    selector: ".o_omni_promise",
    events: {
        "click .o_omni_promise_submit": "_onSubmit",
        "keydown input[name='omni_promise_postcode']": "_onKeydown",
    },

    async start() {
        await this._super(...arguments);
        this.productId = parseInt(this.el.dataset.productId, 10);
        // Website_sale announces a new variant with a jQuery "change" on the form's product_id.
        this.$form = this.$el.closest("form");
        this._onVariant = (ev) => {
            const productId = parseInt(ev.currentTarget.value, 10);
            if (productId && productId !== this.productId) {
                this.productId = productId;
                this._load();
            }
        };
        this.$form.on("change", "input.product_id", this._onVariant);
        await this._load();
    },

    destroy() {
        if (this.$form) {
            this.$form.off("change", "input.product_id", this._onVariant);
        }
        this._super(...arguments);
    },

    async _load(postcode) {
        const params = {product_id: this.productId};
        if (postcode) {
            params.postcode = postcode;
        }
        const result = await rpc("/omni/last_mile/promise", params);
        this._render(result);
    },

    _render(result) {
        const headline = this.el.querySelector(".o_omni_promise_headline");
        const explanation = this.el.querySelector(".o_omni_promise_explanation");
        const error = this.el.querySelector(".o_omni_promise_error");
        const input = this.el.querySelector("input[name='omni_promise_postcode']");
        if (result.postcode && !input.value) {
            input.value = result.postcode;
        }
        headline.classList.toggle("d-none", Boolean(result.error));
        explanation.classList.toggle("d-none", Boolean(result.error));
        // "ask": no address yet, the input is the question; no red text.
        error.classList.toggle("d-none", !result.error || Boolean(result.ask));
        error.textContent = result.error || "";
        this.el.querySelector(".o_omni_promise_text").textContent = result.headline || "";
        explanation.textContent = result.explanation || "";
    },

    async _onSubmit(ev) {
        // The block lives inside the add-to-cart form: never submit it.
        ev.preventDefault();
        ev.stopPropagation();
        const postcode = this.el.querySelector("input[name='omni_promise_postcode']").value.trim();
        await this._load(postcode);
    },

    async _onKeydown(ev) {
        if (ev.key === "Enter") {
            await this._onSubmit(ev);
        }
    },
});

export default publicWidget.registry.OmniPromise;

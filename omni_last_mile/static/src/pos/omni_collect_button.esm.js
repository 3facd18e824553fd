/** @odoo-module **/
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {AlertDialog, ConfirmationDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {ControlButtons} from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import {TextInputPopup} from "@point_of_sale/app/utils/input_popups/text_input_popup";
import {_t} from "@web/core/l10n/translation";
import {OmniReturnDialog} from "./omni_return_dialog.esm";
import {makeAwaitable} from "@point_of_sale/app/store/make_awaitable_dialog";
import {patch} from "@web/core/utils/patch";

patch(ControlButtons.prototype, {
    async clickOmniCollect() {
        const code = await makeAwaitable(this.dialog, TextInputPopup, {
            title: _t("Pickup code"),
            placeholder: _t("Scan or type the customer's code"),
        });
        if (!code) {
            return;
        }
        const session = this.pos.session.id;
        let order = null;
        try {
            order = await this.pos.data.call("pos.session", "omni_collect_lookup", [[session], code]);
        } catch (error) {
            this.dialog.add(AlertDialog, {
                title: _t("Pickup refused"),
                body: error.data?.message || _t("This code cannot be collected here."),
            });
            return;
        }
        this.dialog.add(ConfirmationDialog, {
            title: _t("Hand over %s", order.name),
            body: [
                _t("Hand the order of %s over now?", order.partner),
                ...(order.lines || []).map((line) => `${line.qty} ${line.uom} × ${line.product}`),
            ].join("\n"),
            confirm: async () => {
                const result = await this.pos.data.call("pos.session", "omni_collect_hand_over", [
                    [session],
                    code,
                ]);
                this.notification.add(_t("%s collected.", result.name), {type: "success"});
            },
            cancel: () => {},
        });
    },

    async clickOmniReturn() {
        const reference = await makeAwaitable(this.dialog, TextInputPopup, {
            title: _t("Return a web order"),
            placeholder: _t("Order number"),
        });
        if (!reference) {
            return;
        }
        const session = this.pos.session.id;
        const refused = (error) =>
            this.dialog.add(AlertDialog, {
                title: _t("Return refused"),
                body: error.data?.message || _t("This order cannot be returned here."),
            });
        let order = null;
        try {
            order = await this.pos.data.call("pos.session", "omni_return_lookup", [[session], reference]);
        } catch (error) {
            refused(error);
            return;
        }
        const choice = await makeAwaitable(this.dialog, OmniReturnDialog, {order});
        if (!choice || !choice.lines.length) {
            return;
        }
        try {
            const result = await this.pos.data.call("pos.session", "omni_return_create", [
                [session],
                order.name,
                choice.lines,
                choice.refund_method,
            ]);
            this.notification.add(
                _t("%(name)s taken back: %(amount)s refunded.", {
                    name: result.name,
                    amount: this.env.utils.formatCurrency(result.amount),
                }),
                {type: "success"}
            );
        } catch (error) {
            refused(error);
        }
    },
});

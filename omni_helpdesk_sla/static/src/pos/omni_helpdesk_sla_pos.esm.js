/** @odoo-module */
// Copyright 2026 Omnicanal
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {Component, onWillStart, useState} from "@odoo/owl";
import {ControlButtons} from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import {Customer360Dialog} from "@omni_customer/pos/omni_customer_pos.esm";
import {Dialog} from "@web/core/dialog/dialog";
import {PosStore} from "@point_of_sale/app/store/pos_store";
import {TextInputPopup} from "@point_of_sale/app/utils/input_popups/text_input_popup";
import {_t} from "@web/core/l10n/translation";
import {makeAwaitable} from "@point_of_sale/app/store/make_awaitable_dialog";
import {patch} from "@web/core/utils/patch";
import {usePos} from "@point_of_sale/app/store/pos_hook";

/** A ticket for the selected customer, optionally about a store order (receipt number). */
export class OmniTicketDialog extends Component {
    static template = "omni_helpdesk_sla.OmniTicketDialog";
    static components = {Dialog};
    static props = {partnerId: Number, orderRef: {type: String, optional: true}, close: Function};

    setup() {
        this.pos = usePos();
        this.state = useState({
            subject: "",
            description: "",
            orderRef: this.props.orderRef || "",
            pastOrders: [],
        });
        onWillStart(async () => {
            // The customer's latest store orders, to pick the one the problem is about.
            try {
                this.state.pastOrders = await this.pos.data.call(
                    "pos.config",
                    "omni_pos_customer_orders",
                    [this.pos.config.id, this.props.partnerId]
                );
            } catch {
                // Offline or refused: the receipt number can still be typed.
                this.state.pastOrders = [];
            }
        });
    }

    pastOrderLabel(order) {
        const date = order.date ? order.date.slice(0, 10) : "";
        return `${order.ref} · ${date} · ${order.amount.toFixed(2)} ${order.currency}`;
    }

    async confirm() {
        if (!this.state.subject.trim()) {
            this.pos.notification.add(_t("Write what the problem is."), {type: "warning"});
            return;
        }
        const ticket = await this.pos.data.call("pos.config", "omni_pos_open_ticket", [
            this.pos.config.id,
            this.props.partnerId,
            this.state.subject,
            this.state.description,
            this.state.orderRef,
        ]);
        this.pos.notification.add(_t("Ticket %s opened.", ticket.number), {type: "success"});
        this.props.close();
        await this.pos.omniShow360({id: this.props.partnerId});
    }
}

patch(PosStore.prototype, {
    /** The receipt number of the current order once it is on the server, else nothing. */
    omniCurrentOrderRef() {
        const order = this.get_order();
        return order && typeof order.id === "number" ? order.pos_reference || "" : "";
    },
    omniOpenTicket(partnerId) {
        this.dialog.add(OmniTicketDialog, {partnerId, orderRef: this.omniCurrentOrderRef()});
    },
    async omniAddTicketNote(ticket) {
        const note = await makeAwaitable(this.dialog, TextInputPopup, {
            title: _t("Note on %s", ticket.number),
            placeholder: _t("The customer came to the store"),
            rows: 4,
        });
        if (note && note.trim()) {
            await this.data.call("pos.config", "omni_pos_ticket_note", [this.config.id, ticket.id, note]);
            this.notification.add(_t("Note added to %s.", ticket.number), {type: "success"});
        }
    },
});

patch(Customer360Dialog.prototype, {
    setup() {
        super.setup(...arguments);
        this.pos = usePos();
    },
    onClickOmniOpenTicket() {
        this.props.close();
        this.pos.omniOpenTicket(this.props.summary.id);
    },
    async onClickOmniTicketNote(ticket) {
        await this.pos.omniAddTicketNote(ticket);
    },
});

patch(ControlButtons.prototype, {
    onClickOmniTicket() {
        const partner = this.pos.get_order()?.get_partner();
        if (partner) {
            this.pos.omniOpenTicket(partner.id);
        }
    },
});

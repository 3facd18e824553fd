/** @odoo-module **/
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {Component, useState} from "@odoo/owl";
import {Dialog} from "@web/core/dialog/dialog";
import {_t} from "@web/core/l10n/translation";

/**
 * The returnable lines of a web order: the cashier picks quantities, a reason
 * per line and (where the manager allows it) the eWallet instead of the
 * original payment. The server checks everything again.
 */
export class OmniReturnDialog extends Component {
    static template = "omni_last_mile.OmniReturnDialog";
    static components = {Dialog};
    static props = {
        order: Object,
        getPayload: Function,
        close: Function,
    };

    setup() {
        const lines = this.props.order.lines;
        this.state = useState({
            qty: Object.fromEntries(lines.map((line) => [line.id, 0])),
            reason: Object.fromEntries(lines.map((line) => [line.id, "other"])),
            method: "original",
        });
    }

    get title() {
        return _t("Return %s", this.props.order.name);
    }

    get selectedLines() {
        return this.props.order.lines
            .filter((line) => parseFloat(this.state.qty[line.id]) > 0)
            .map((line) => ({
                line_id: line.id,
                quantity: parseFloat(this.state.qty[line.id]),
                reason: this.state.reason[line.id],
            }));
    }

    confirm() {
        this.props.getPayload({lines: this.selectedLines, refund_method: this.state.method});
        this.props.close();
    }
}

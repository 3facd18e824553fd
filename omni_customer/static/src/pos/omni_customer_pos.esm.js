/** @odoo-module */
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {Component} from "@odoo/owl";
import {ControlButtons} from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import {Dialog} from "@web/core/dialog/dialog";
import {PartnerList} from "@point_of_sale/app/screens/partner_list/partner_list";
import {PosStore} from "@point_of_sale/app/store/pos_store";
import {ResPartner} from "@point_of_sale/app/models/res_partner";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";

/** Customer 360 summary, the same figures as the back office. */
export class Customer360Dialog extends Component {
    static template = "omni_customer.Customer360Dialog";
    static components = {Dialog};
    static props = {summary: Object, close: Function};
}

patch(ResPartner.prototype, {
    get searchString() {
        const keys = [this.omni_customer_code, (this.omni_phone_key || "").replace("+", "")];
        return [super.searchString, ...keys.filter(Boolean)].join(" ");
    },
    exactMatch(searchWord) {
        return (
            super.exactMatch(searchWord) ||
            Boolean(this.omni_customer_code && this.omni_customer_code.toLowerCase() === searchWord)
        );
    },
});

patch(PartnerList.prototype, {
    /** Server search on the golden record's normalised keys, then the standard search. */
    async getNewPartners() {
        const found = [];
        if (this.state.query && !this.state.currentOffset) {
            const ids = await this.pos.data.call("res.partner", "omni_pos_search", [
                this.state.query,
                this.pos.config.id,
            ]);
            if (ids.length) {
                found.push(...(await this.pos.data.read("res.partner", ids)));
            }
        }
        const standard = await super.getNewPartners(...arguments);
        return [...found, ...standard.filter((p) => !found.includes(p))];
    },
});

patch(PosStore.prototype, {
    editPartnerContext(partner) {
        return {
            ...super.editPartnerContext(...arguments),
            omni_match_on_create: true,
            omni_pos_config_id: this.config.id,
        };
    },
    async editPartner(partner) {
        const started = new Date();
        const result = await super.editPartner(...arguments);
        if (!partner && result && result.omni_last_match_date) {
            const matched = new Date(result.omni_last_match_date.replace(" ", "T") + "Z");
            if (matched >= new Date(started.getTime() - 5000)) {
                this.notification.add(
                    _t("%s is already a customer: the existing record was selected.", result.name),
                    {type: "warning", sticky: false}
                );
            }
        }
        return result;
    },
    async omniShow360(partner) {
        const summary = await this.data.call("res.partner", "omni_pos_360", [partner.id]);
        this.dialog.add(Customer360Dialog, {summary});
    },
});

patch(ControlButtons.prototype, {
    async onClickOmni360() {
        const partner = this.pos.get_order()?.get_partner();
        if (partner) {
            await this.pos.omniShow360(partner);
        }
    },
});

# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Customer 360, service side (back office and POS): three queries per page of partners.
    omni_open_ticket_count = fields.Integer("Open tickets", compute="_compute_omni_service_360")
    omni_ticket_last_contact = fields.Datetime(
        "Last service contact",
        compute="_compute_omni_service_360",
        help="The last message of the customer or an agent on any of the customer's tickets.",
    )
    omni_sla_measured = fields.Integer(
        "SLA clocks measured",
        compute="_compute_omni_service_360",
        help="Finished SLA clocks (first reply, next reply, resolution) of the customer's tickets.",
    )
    omni_sla_compliance = fields.Float(
        "SLA compliance (%)",
        digits=(16, 0),
        compute="_compute_omni_service_360",
        help="Share of the customer's finished SLA clocks that met their target.",
    )

    def _compute_omni_service_360(self):
        commercial = self.commercial_partner_id
        # sudo: the 360 counts every ticket and clock of the customer, whoever reads it;
        # only these aggregates leave.
        Ticket = self.env["helpdesk.ticket"].sudo()
        open_count, last_contact = defaultdict(int), {}
        for partner, closed, count, last in Ticket._read_group(
            [("commercial_partner_id", "in", commercial.ids)],
            ["commercial_partner_id", "closed"],
            ["__count", "omni_last_contact:max"],
        ):
            if not closed:
                open_count[partner] += count
            if last and (partner not in last_contact or last > last_contact[partner]):
                last_contact[partner] = last
        measured, met = defaultdict(int), defaultdict(float)
        for ticket, count, compliance in (
            self.env["omni.sla.status"]
            .sudo()
            ._read_group(
                [("ticket_id.commercial_partner_id", "in", commercial.ids), ("state", "=", "done")],
                ["ticket_id"],
                ["__count", "compliance:avg"],
            )
        ):
            measured[ticket.commercial_partner_id] += count
            met[ticket.commercial_partner_id] += count * (compliance or 0.0)
        for partner in self:
            key = partner.commercial_partner_id
            partner.omni_open_ticket_count = open_count[key]
            partner.omni_ticket_last_contact = last_contact.get(key, False)
            partner.omni_sla_measured = measured[key]
            partner.omni_sla_compliance = met[key] / measured[key] if measured[key] else 0.0

    def _omni_360_summary(self):
        """The 360 adds the customer's open tickets, last contact and SLA compliance."""
        summary = super()._omni_360_summary()
        partner = self.commercial_partner_id
        # sudo: the 360 is shown to cashiers and agents who read the customer;
        # only this customer's tickets are read, and only the fields below leave.
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search_fetch(
                [("commercial_partner_id", "=", partner.id), ("closed", "=", False)],
                ["number", "name", "stage_id", "omni_sla_deadline", "omni_sla_breached"],
                order="create_date desc",
                limit=20,
            )
        )
        summary.update(
            {
                "open_tickets": [
                    {
                        "id": ticket.id,
                        "number": ticket.number,
                        "name": ticket.name,
                        "stage": ticket.stage_id.name,
                        "deadline": fields.Datetime.to_string(ticket.omni_sla_deadline) or "",
                        "breached": ticket.omni_sla_breached,
                    }
                    for ticket in tickets
                ],
                "ticket_last_contact": fields.Datetime.to_string(partner.omni_ticket_last_contact) or "",
                "sla_compliance": round(partner.omni_sla_compliance) if partner.omni_sla_measured else None,
            }
        )
        return summary

    def action_omni_open_ticket(self):
        """Back office: a new ticket for this customer, on the phone channel by default."""
        self.ensure_one()
        return self.env["helpdesk.ticket"]._omni_new_ticket_action(
            {"default_partner_id": self.id, "omni_channel_code": "phone"}
        )

    @api.model
    def _omni_merge_extra(self, src_partners, dst_partner, audit):
        """Tickets moved with the merge (their foreign keys): say so on each of them."""
        res = super()._omni_merge_extra(src_partners, dst_partner, audit)
        # sudo: a merge (run by a customer manager) moves tickets of any team.
        tickets = (
            self.env["helpdesk.ticket"].sudo().search([("id", "in", self._omni_moved_ticket_ids(audit))])
        )
        for ticket in tickets:
            ticket.write(
                {"partner_name": dst_partner.name, "partner_email": dst_partner.email or ticket.partner_email}
            )
            ticket.message_post(
                body=self.env._("Customer merged into %(name)s.", name=dst_partner.display_name),
                subtype_xmlid="mail.mt_note",
            )
        return res

    @api.model
    def _omni_unmerge_extra(self, audit):
        res = super()._omni_unmerge_extra(audit)
        # sudo: as for the merge, tickets of any team move back.
        tickets = (
            self.env["helpdesk.ticket"].sudo().search([("id", "in", self._omni_moved_ticket_ids(audit))])
        )
        for ticket in tickets:
            ticket.write({"partner_name": ticket.partner_id.name, "partner_email": ticket.partner_id.email})
            ticket.message_post(
                body=self.env._(
                    "Merge undone: ticket back on %(name)s.", name=ticket.partner_id.display_name
                ),
                subtype_xmlid="mail.mt_note",
            )
        return res

    @api.model
    def _omni_moved_ticket_ids(self, audit):
        # sudo: the merge audit is read by the merge itself, run by a manager.
        lines = audit.sudo().line_ids.filtered(
            lambda line: line.table_name == "helpdesk_ticket" and line.column_name == "partner_id"
        )
        return lines.mapped("row_id")

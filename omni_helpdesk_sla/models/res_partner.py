# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    omni_open_ticket_count = fields.Integer("Open tickets", compute="_compute_omni_open_ticket_count")

    def _compute_omni_open_ticket_count(self):
        counts = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids), ("closed", "=", False)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.omni_open_ticket_count = counts.get(partner.commercial_partner_id, 0)

    def _omni_360_summary(self):
        """The 360 adds the customer's open tickets, last contact and SLA compliance."""
        summary = super()._omni_360_summary()
        partner = self.commercial_partner_id
        # sudo: the 360 is shown to cashiers and agents who read the customer;
        # only this customer's tickets are read, and only the fields below leave.
        Ticket = self.env["helpdesk.ticket"].sudo()
        tickets = Ticket.search_fetch(
            [("commercial_partner_id", "=", partner.id), ("closed", "=", False)],
            ["number", "name", "stage_id", "omni_sla_deadline", "omni_sla_breached", "omni_last_contact"],
            order="create_date desc",
            limit=20,
        )
        contacts = [t.omni_last_contact for t in tickets if t.omni_last_contact]
        # sudo: the 360's SLA compliance counts every clock of the customer, whoever reads it.
        groups = (
            self.env["omni.sla.status"]
            .sudo()
            ._read_group(
                [("ticket_id.commercial_partner_id", "=", partner.id), ("state", "=", "done")],
                [],
                ["compliance:avg", "__count"],
            )
        )
        compliance, measured = groups[0] if groups else (0, 0)
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
                "ticket_last_contact": fields.Datetime.to_string(max(contacts)) if contacts else "",
                "sla_compliance": round(compliance or 0) if measured else None,
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

# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models

from .omni_sla_engine import REMATCH_FIELDS


class HelpdeskTicket(models.Model):
    """SLA clocks, order links and back-office actions of a ticket.

    The channel journey (legs, entry points, e-mail gateway) is in
    ``helpdesk_ticket_journey.py``.
    """

    _inherit = "helpdesk.ticket"

    omni_sale_order_id = fields.Many2one("sale.order", "Order", index="btree_not_null", copy=False)
    omni_pos_order_id = fields.Many2one("pos.order", "Store order", index="btree_not_null", copy=False)
    omni_sla_policy_id = fields.Many2one("omni.sla.policy", "SLA policy", readonly=True, copy=False)
    omni_sla_status_ids = fields.One2many("omni.sla.status", "ticket_id", "SLA", readonly=True)
    omni_sla_pause_ids = fields.One2many("omni.sla.pause", "ticket_id", "SLA pauses", readonly=True)
    omni_sla_next_check = fields.Datetime(index=True, readonly=True, copy=False)
    omni_sla_deadline = fields.Datetime("SLA deadline", readonly=True, copy=False)
    omni_sla_breached = fields.Boolean("SLA breached", index=True, readonly=True, copy=False)
    omni_sla_paused = fields.Boolean("SLA paused", readonly=True, copy=False)
    omni_sla_has_pauses = fields.Boolean("Ever paused", compute="_compute_omni_sla_has_pauses", store=True)
    omni_sla_breaching_soon = fields.Boolean(
        "Breaching in the next hour",
        compute="_compute_omni_sla_breaching_soon",
        search="_search_omni_sla_breaching_soon",
    )

    @api.depends("omni_sla_pause_ids")
    def _compute_omni_sla_has_pauses(self):
        # stored so that clocks of never-paused tickets skip reading the pause log
        for ticket in self:
            ticket.omni_sla_has_pauses = bool(ticket.omni_sla_pause_ids)

    def _compute_omni_sla_breaching_soon(self):
        now = fields.Datetime.now()
        for ticket in self:
            deadline = ticket.omni_sla_deadline
            ticket.omni_sla_breaching_soon = bool(
                deadline and not ticket.omni_sla_breached and now <= deadline <= now + timedelta(hours=1)
            )

    def _search_omni_sla_breaching_soon(self, operator, value):
        now = fields.Datetime.now()
        domain = [
            ("omni_sla_breached", "=", False),
            ("omni_sla_deadline", ">=", now),
            ("omni_sla_deadline", "<=", now + timedelta(hours=1)),
        ]
        positive = (operator == "=") == bool(value)
        return domain if positive else ["!", "&", "&"] + domain

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("omni_started_channel_id"):
                channel = self._omni_channel_from_context() or self._omni_channel_from_oca(
                    vals.get("channel_id")
                )
                if channel:
                    vals["omni_started_channel_id"] = channel.id
                    vals["omni_last_channel_id"] = channel.id
        tickets = super().create(vals_list)
        tickets._omni_log_tickets()
        self.env["omni.sla.engine"]._omni_apply(tickets)
        return tickets

    def write(self, vals):
        track = "stage_id" in vals or "team_id" in vals
        before = {t.id: t.stage_id for t in self} if track else {}
        rematch = not self.env.context.get("omni_sla_no_rematch") and any(f in vals for f in REMATCH_FIELDS)
        keys = {t.id: t._omni_match_key() for t in self} if rematch else {}
        res = super().write(vals)
        if rematch:
            moved = self.filtered(lambda t: t._omni_match_key() != keys[t.id])
            if moved:
                self.env["omni.sla.engine"]._omni_rematch(moved)
        if track:
            self.env["omni.sla.engine"]._omni_stage_changed(self, before)
        return res

    def _omni_match_key(self):
        return tuple(self[f].id if f != "priority" else self[f] for f in REMATCH_FIELDS)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.model
    def _omni_new_ticket_action(self, context):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New ticket"),
            "res_model": "helpdesk.ticket",
            "view_mode": "form",
            "target": "current",
            "context": context,
        }

    def action_omni_log_call(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log a call"),
            "res_model": "omni.ticket.call.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_omni_log_social(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log a WhatsApp / social message"),
            "res_model": "omni.ticket.social.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

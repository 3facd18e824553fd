# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models

REPLY_METRICS = ("first_reply", "next_reply", "periodic")
START_METRICS = ("first_reply", "periodic", "resolution")
FROM_TICKET_START = ("first_reply", "resolution")
# ticket fields a policy matches on: a change re-evaluates the policies
REMATCH_FIELDS = ("team_id", "category_id", "priority", "omni_started_channel_id", "partner_id")


class OmniSlaEngine(models.AbstractModel):
    """When SLA clocks start, stop, pause and get checked.

    Every method works on a batch of tickets. Status rows are system
    bookkeeping: they are written with ``sudo()`` because the events that
    move them come from customers (portal, e-mail) and agents alike, who only
    read them.
    """

    _name = "omni.sla.engine"
    _description = "SLA engine"

    @api.model
    def _omni_apply(self, tickets):
        """Match a policy for new tickets and start their clocks."""
        tickets = tickets.sudo()
        matches = self.env["omni.sla.policy"].sudo()._omni_match_tickets(tickets)
        vals_list = []
        for ticket in tickets:
            policy = matches.get(ticket.id)
            if not policy:
                continue
            ticket.omni_sla_policy_id = policy
            for target in policy.target_ids.filtered(lambda t: t.metric in START_METRICS):
                vals_list.append(
                    {
                        "ticket_id": ticket.id,
                        "policy_id": policy.id,
                        "metric": target.metric,
                        "target_hours": target.hours,
                        "start_at": ticket.create_date,
                    }
                )
        statuses = self.env["omni.sla.status"].sudo().create(vals_list)
        stage_pause = tickets.filtered(lambda t: t.stage_id.omni_sla_pause)
        if stage_pause:
            self._omni_stage_changed(stage_pause, {})
        else:
            statuses._omni_recompute()

    @api.model
    def _omni_rematch(self, tickets):
        """Re-evaluate the policies (top-down, first match) after a change of the matched fields.

        A new policy recomputes the open clocks from the ticket's start with its
        own targets; achieved clocks stay achieved, clocks of metrics the new
        policy has no target for are dropped. The change is noted in the chatter.
        """
        tickets = tickets.sudo()
        Policy = self.env["omni.sla.policy"].sudo()
        Status = self.env["omni.sla.status"].sudo()
        matches = Policy._omni_match_tickets(tickets)
        touched, dropped, vals_list, changed = Status, Status, [], tickets.browse()
        for ticket in tickets:
            old, new = ticket.omni_sla_policy_id, matches.get(ticket.id, Policy)
            if old == new:
                continue
            changed |= ticket
            targets = {t.metric: t.hours for t in new.target_ids}
            statuses = ticket.omni_sla_status_ids
            for status in statuses.filtered(lambda s: not s.achieved_at):
                if status.metric not in targets:
                    dropped |= status
                    continue
                start = ticket.create_date if status.metric in FROM_TICKET_START else status.start_at
                status.write({"policy_id": new.id, "target_hours": targets[status.metric], "start_at": start})
                touched |= status
            have = set(statuses.mapped("metric"))
            for metric in START_METRICS:
                if metric in targets and metric not in have:
                    vals_list.append(
                        {
                            "ticket_id": ticket.id,
                            "policy_id": new.id,
                            "metric": metric,
                            "target_hours": targets[metric],
                            "start_at": ticket.create_date,
                        }
                    )
            ticket.omni_sla_policy_id = new
            ticket.message_post(
                body=self.env._(
                    "SLA policy changed from %(old)s to %(new)s: "
                    "open targets recomputed from the ticket's start.",
                    old=old.name or self.env._("none"),
                    new=new.name or self.env._("none"),
                ),
                subtype_xmlid="mail.mt_note",
            )
        if dropped:
            dropped.unlink()
        touched |= Status.create(vals_list)
        touched._omni_recompute()
        if changed:
            self._omni_refresh(changed)

    @api.model
    def _omni_stamp(self, ticket, role, when):
        """A public agent reply stops the reply clocks; a customer message starts the next one."""
        ticket = ticket.sudo()
        policy = ticket.omni_sla_policy_id
        if not policy:
            return
        Status = self.env["omni.sla.status"].sudo()
        statuses = ticket.omni_sla_status_ids
        open_reply = statuses.filtered(lambda s: s.metric in REPLY_METRICS and not s.achieved_at)
        targets = {t.metric: t.hours for t in policy.target_ids}
        touched = Status
        if role == "agent":
            if not open_reply:
                return
            open_reply.write({"achieved_at": when})
            touched = open_reply
            if "periodic" in open_reply.mapped("metric") and targets.get("periodic"):
                touched |= Status.create(
                    self._omni_status_vals(ticket, "periodic", targets["periodic"], when)
                )
        elif role == "customer":
            first = statuses.filtered(lambda s: s.metric == "first_reply")
            if "next_reply" not in targets or (first and not first.achieved_at):
                return
            if open_reply.filtered(lambda s: s.metric == "next_reply"):
                return
            touched = Status.create(self._omni_status_vals(ticket, "next_reply", targets["next_reply"], when))
        touched._omni_recompute(checked=True)

    @api.model
    def _omni_status_vals(self, ticket, metric, hours, start):
        return {
            "ticket_id": ticket.id,
            "policy_id": ticket.omni_sla_policy_id.id,
            "metric": metric,
            "target_hours": hours,
            "start_at": start,
        }

    @api.model
    def _omni_stage_changed(self, tickets, before):
        """Pause, resume, resolve or reopen after a stage change; audited."""
        tickets = tickets.sudo()
        now = fields.Datetime.now()
        Pause = self.env["omni.sla.pause"].sudo()
        open_pauses = {
            p.ticket_id.id: p
            for p in Pause.search([("ticket_id", "in", tickets.ids), ("date_stop", "=", False)])
        }
        recompute = self.env["omni.sla.status"].sudo()
        new_pauses = []
        for ticket in tickets:
            stage = ticket.stage_id
            old = before.get(ticket.id)
            current = open_pauses.get(ticket.id)
            reason = stage.omni_sla_pause or False
            if current and current.reason != reason:
                current.write({"date_stop": now, "resume_user_id": self.env.uid})
                ticket.message_post(body=self.env._("SLA clock resumed."), subtype_xmlid="mail.mt_note")
                current = False
            if reason and not current:
                new_pauses.append(
                    {"ticket_id": ticket.id, "reason": reason, "stage_id": stage.id, "date_start": now}
                )
                ticket.message_post(
                    body=self.env._(
                        "SLA clock paused: %(reason)s.",
                        reason=dict(Pause._fields["reason"].selection)[reason],
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            resolution = ticket.omni_sla_status_ids.filtered(lambda s: s.metric == "resolution")
            if stage.closed and not (old and old.closed):
                resolution.filtered(lambda s: not s.achieved_at).write({"achieved_at": now})
                ticket.omni_sla_status_ids.filtered(lambda s: not s.achieved_at).write({"achieved_at": now})
            elif old and old.closed and not stage.closed:
                resolution.write({"achieved_at": False})
            recompute |= ticket.omni_sla_status_ids
        if new_pauses:
            Pause.create([dict(vals, user_id=self.env.uid) for vals in new_pauses])
        recompute._omni_recompute()

    @api.model
    def _omni_refresh(self, tickets):
        """Ticket-level summary of its clocks (what lists, filters and the cron read).

        Tickets given the same values are written together, and without mail
        tracking: these summary fields are not tracked, and the chatter's
        tracking and follower bookkeeping of one write per ticket was most of
        the time of a full recompute.
        """
        to_write = defaultdict(list)
        for ticket in tickets.sudo():
            open_statuses = [s for s in ticket.omni_sla_status_ids if s.state != "done"]
            deadlines = [s.deadline for s in open_statuses if s.deadline]
            checks = [s.next_check for s in open_statuses if s.next_check]
            vals = {
                "omni_sla_deadline": min(deadlines) if deadlines else False,
                "omni_sla_next_check": min(checks) if checks else False,
                "omni_sla_breached": any(s.breached for s in ticket.omni_sla_status_ids),
                "omni_sla_paused": any(s.state == "paused" for s in open_statuses),
            }
            changed = tuple((k, v) for k, v in vals.items() if ticket[k] != v)
            if changed:
                to_write[changed].append(ticket.id)
        Ticket = self.env["helpdesk.ticket"].sudo().with_context(tracking_disable=True)
        for changed, ticket_ids in to_write.items():
            Ticket.browse(ticket_ids).write(dict(changed))

    @api.model
    def _cron_omni_sla(self, batch_size=500):
        """Check only the tickets whose next deadline or threshold is due, one batch a call."""
        now = fields.Datetime.now()
        Ticket = self.env["helpdesk.ticket"].sudo()
        domain = [("omni_sla_next_check", "!=", False), ("omni_sla_next_check", "<=", now)]
        tickets = Ticket.search(domain, limit=batch_size, order="omni_sla_next_check, id")
        statuses = tickets.omni_sla_status_ids.filtered(lambda s: s.state != "done")
        statuses._omni_recompute(now=now, escalate=True)
        # tickets whose clocks are all done or paused get no next check
        leftover = tickets.filtered(lambda t: t.omni_sla_next_check and t.omni_sla_next_check <= now)
        if leftover:
            leftover.write({"omni_sla_next_check": False})
        remaining = Ticket.search_count(domain) if len(tickets) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(tickets), remaining=remaining)
        return len(tickets)

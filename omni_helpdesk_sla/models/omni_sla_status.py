# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import UTC, timedelta

from odoo import api, fields, models, tools

from ..tools import business_time
from .omni_sla_policy import METRICS

HORIZON_MARGIN = timedelta(days=21)


def _aware(value):
    return value.replace(tzinfo=UTC) if value else None


def _naive(value):
    return value.astimezone(UTC).replace(tzinfo=None) if value else False


class OmniSlaStatus(models.Model):
    """One SLA clock of a ticket: a metric, its target and how it went."""

    _name = "omni.sla.status"
    _description = "SLA status of a ticket"
    _order = "ticket_id, start_at, id"
    _rec_name = "metric"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    team_id = fields.Many2one(related="ticket_id.team_id", store=True)
    started_channel_id = fields.Many2one(related="ticket_id.omni_started_channel_id", store=True)
    policy_id = fields.Many2one("omni.sla.policy", required=True, ondelete="cascade", index=True)
    metric = fields.Selection(METRICS, required=True)
    target_hours = fields.Float(required=True)
    start_at = fields.Datetime(required=True)
    deadline = fields.Datetime()
    achieved_at = fields.Datetime()
    breached = fields.Boolean(index=True)
    business_hours_used = fields.Float(
        aggregator="avg",
        help="Hours the clock ran on its calendar (business hours, or calendar hours), pauses "
        "excluded. Reports show the average.",
    )
    state = fields.Selection(
        [("running", "Running"), ("paused", "Paused"), ("done", "Achieved")], default="running", required=True
    )
    next_check = fields.Datetime()
    escalation_log_ids = fields.One2many("omni.sla.escalation.log", "status_id")
    compliance = fields.Integer(
        compute="_compute_compliance", store=True, aggregator="avg", help="100 when met, 0 when breached."
    )

    @api.depends("breached")
    def _compute_compliance(self):
        for status in self:
            status.compliance = 0 if status.breached else 100

    def _omni_recompute(self, now=None, escalate=False, checked=False):
        """Deadlines, time used and breaches of a batch; fire due escalation levels.

        Calendars are read once per batch (``_work_intervals_batch`` over the
        whole span of the batch, cached per calendar and day range), pauses
        (of the tickets ever paused) and fired levels in one query each.
        ``checked``: the statuses were just read or created, skip ``exists()``.
        """
        now = _aware(now or fields.Datetime.now())
        statuses = self if checked else self.exists()
        if not statuses:
            return
        tickets = statuses.ticket_id
        pauses = defaultdict(list)
        paused_tickets = tickets.filtered("omni_sla_has_pauses")
        for pause in (
            self.env["omni.sla.pause"].search_fetch(
                [("ticket_id", "in", paused_tickets.ids)], ["ticket_id", "date_start", "date_stop"]
            )
            if paused_tickets
            else ()
        ):
            pauses[pause.ticket_id.id].append((_aware(pause.date_start), _aware(pause.date_stop)))
        fired = set()
        if escalate:
            for log in self.env["omni.sla.escalation.log"].search_fetch(
                [("status_id", "in", statuses.ids)], ["status_id", "rule_id"]
            ):
                fired.add((log.status_id.id, log.rule_id.id))
        rules = defaultdict(list)
        for rule in statuses.policy_id.escalation_ids.sorted("threshold"):
            rules[(rule.policy_id.id, rule.metric)].append(rule)
        to_fire = []
        by_calendar = defaultdict(list)
        for status in statuses:
            by_calendar[status.policy_id.calendar_id].append(status.id)
        for calendar, group_ids in by_calendar.items():
            group = statuses.browse(group_ids)
            intervals = self._omni_intervals(calendar, group, now, pauses, rules)
            for status in group:
                to_fire += status._omni_measure(
                    intervals, pauses[status.ticket_id.id], now, rules, fired, escalate
                )
        if to_fire:
            self._omni_fire(to_fire)
        self.env["omni.sla.engine"]._omni_refresh(statuses.ticket_id)

    @api.model
    def _omni_intervals(self, calendar, statuses, now, pauses, rules):
        lo = min(_aware(s.start_at) for s in statuses)
        span = max(
            s.target_hours * max([r.threshold for r in rules[(s.policy_id.id, s.metric)]] + [100]) / 100
            for s in statuses
        )
        paused = max(
            [
                sum(((stop or now) - start).total_seconds() for start, stop in pauses[t.id])
                for t in statuses.ticket_id
            ]
            + [0]
        )
        hi = (
            max([now] + [_aware(s.start_at) for s in statuses])
            + timedelta(days=span / 4, seconds=paused)
            + HORIZON_MARGIN
        )
        if not calendar:
            return business_time.prepare(business_time.always(lo, hi))
        day = timedelta(days=1)
        lo = lo.replace(hour=0, minute=0, second=0, microsecond=0)
        hi = hi.replace(hour=0, minute=0, second=0, microsecond=0) + day
        return self._omni_calendar_intervals(calendar.id, lo, hi)

    @api.model
    @tools.ormcache("calendar_id", "lo", "hi")
    def _omni_calendar_intervals(self, calendar_id, lo, hi):
        """Working intervals of a calendar over whole days, as immutable ``WorkIntervals``.

        Cached: a reply does not read the calendar again. Calendars, their
        attendances and leaves clear the cache when they change.
        """
        # sudo: working time is configuration shared by every user who moves
        # a clock; the cached value must not depend on who asked first.
        calendar = self.env["resource.calendar"].sudo().browse(calendar_id)
        work = calendar._work_intervals_batch(lo, hi)[False]
        return business_time.prepare((start, stop) for start, stop, _records in work)

    def _omni_measure(self, intervals, pauses, now, rules, fired, escalate):
        self.ensure_one()
        start = _aware(self.start_at)
        target = self.target_hours * 3600
        achieved = _aware(self.achieved_at)
        own_pauses = [(p_start, p_stop) for p_start, p_stop in pauses if p_stop is None or p_stop > start]
        if achieved:
            own_pauses = [
                (p_start, p_stop or achieved) for p_start, p_stop in own_pauses if p_start < achieved
            ]
        is_paused = not achieved and any(p_stop is None for _p_start, p_stop in own_pauses)
        deadline = business_time.add_duration(start, target, intervals, own_pauses)
        end = achieved or now
        used = business_time.elapsed(start, end, intervals, own_pauses)
        breached = (end > deadline) if deadline else used > target
        fire = []
        next_check = None
        if not achieved and not is_paused:
            if deadline and deadline > now:
                next_check = deadline
            for rule in rules[(self.policy_id.id, self.metric)]:
                if (self.id, rule.id) in fired:
                    continue
                instant = business_time.add_duration(
                    start, target * rule.threshold / 100, intervals, own_pauses
                )
                if instant and instant <= now and escalate:
                    fire.append((self, rule))
                elif instant:
                    # a due level seen outside the cron stays due for the cron
                    next_check = min(next_check, instant) if next_check else instant
                    break
        vals = {
            "deadline": _naive(deadline),
            "breached": breached,
            "business_hours_used": round(used / 3600, 4),
            "state": "done" if achieved else ("paused" if is_paused else "running"),
            "next_check": _naive(next_check),
        }
        changed = {k: v for k, v in vals.items() if self[k] != v}
        if changed:
            self.write(changed)
        return fire

    @api.model
    def _omni_fire(self, to_fire):
        """Run escalation levels, each once: the log row is the proof it fired."""
        logs = []
        Consent = self.env["omni.consent"]
        for status, rule in to_fire:
            ticket = status.ticket_id
            metric = dict(METRICS)[status.metric]
            note = self.env._(
                "SLA %(metric)s reached %(pct)s%% of its target (%(policy)s).",
                metric=metric,
                pct=rule.threshold,
                policy=status.policy_id.name,
            )
            if rule.action == "notify":
                ticket.message_post(
                    body=note, subtype_xmlid="mail.mt_note", partner_ids=rule.user_ids.partner_id.ids
                )
            elif rule.action == "priority":
                # an escalation's own change does not re-match the policy being measured
                raised = str(min(int(ticket.priority or 0) + 1, 3))
                ticket.with_context(omni_sla_no_rematch=True).priority = raised
                ticket.message_post(
                    body=note + " " + self.env._("Priority raised."), subtype_xmlid="mail.mt_note"
                )
            elif rule.action == "team":
                ticket.with_context(omni_sla_no_rematch=True).team_id = rule.team_id
                ticket.message_post(
                    body=note + " " + self.env._("Reassigned to %(team)s.", team=rule.team_id.name),
                    subtype_xmlid="mail.mt_note",
                )
            elif rule.action == "customer":
                if ticket.partner_id and Consent._omni_allowed(ticket.partner_id, "service", "email"):
                    ticket.with_context(omni_sla_auto=True).message_post(
                        body=self.env._(
                            "We are still working on your request %(number)s; thank you for your patience.",
                            number=ticket.number,
                        ),
                        message_type="comment",
                        subtype_xmlid="mail.mt_comment",
                        partner_ids=ticket.partner_id.ids,
                    )
                    note += " " + self.env._("Customer informed.")
                else:
                    note += " " + self.env._("Customer not informed: no service consent by e-mail.")
                    ticket.message_post(body=note, subtype_xmlid="mail.mt_note")
            logs.append({"status_id": status.id, "rule_id": rule.id, "note": note})
        # sudo: escalation runs from the cron and from agents' replies; the log
        # is system bookkeeping that agents only read.
        self.env["omni.sla.escalation.log"].sudo().create(logs)

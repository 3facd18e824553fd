# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL


class OmniDeliverySlot(models.Model):
    """A time window of the chain's vans in a zone, or of pickups in a store, with a capacity."""

    _name = "omni.delivery.slot"
    _inherit = ["pos.load.mixin"]
    _description = "Delivery or pickup slot"
    _order = "date_start, id"
    _check_company_auto = True

    slot_type = fields.Selection(
        [("delivery", "Home delivery"), ("pickup", "Store pickup")], required=True, default="delivery"
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda s: s.env.company)
    zone_id = fields.Many2one("omni.delivery.zone", index=True, check_company=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="Store", index=True, check_company=True)
    date_start = fields.Datetime(string="Start", required=True, index=True)
    date_end = fields.Datetime(string="End", required=True)
    day = fields.Date(compute="_compute_day", store=True, index=True)
    capacity = fields.Integer(required=True, default=10)
    booked = fields.Integer(readonly=True, copy=False, default=0)
    remaining = fields.Integer(compute="_compute_remaining")
    load = fields.Float(string="Load (%)", compute="_compute_remaining", aggregator="avg")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("capacity_positive", "CHECK(capacity >= 0)", "The capacity cannot be negative."),
        ("booked_bounded", "CHECK(booked >= 0 AND booked <= capacity)", "A slot cannot be overbooked."),
        ("end_after_start", "CHECK(date_end > date_start)", "A slot ends after it starts."),
    ]

    @api.depends("date_start")
    def _compute_day(self):
        for slot in self:
            slot.day = fields.Date.to_date(slot.date_start) if slot.date_start else False

    @api.depends("booked", "capacity")
    def _compute_remaining(self):
        for slot in self:
            slot.remaining = slot.capacity - slot.booked
            slot.load = 100.0 * slot.booked / slot.capacity if slot.capacity else 100.0

    @api.depends("slot_type", "zone_id", "warehouse_id", "date_start", "date_end")
    def _compute_display_name(self):
        for slot in self:
            where = slot.warehouse_id.name if slot.slot_type == "pickup" else slot.zone_id.name
            start = fields.Datetime.context_timestamp(slot, slot.date_start) if slot.date_start else None
            end = fields.Datetime.context_timestamp(slot, slot.date_end) if slot.date_end else None
            when = f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}" if start and end else ""
            slot.display_name = f"{where or ''} {when}".strip()

    @api.constrains("slot_type", "zone_id", "warehouse_id")
    def _check_where(self):
        for slot in self:
            if slot.slot_type == "delivery" and not slot.zone_id:
                raise ValidationError(self.env._("A delivery slot needs a zone."))
            if slot.slot_type == "pickup" and not slot.warehouse_id:
                raise ValidationError(self.env._("A pickup slot needs a store."))

    @api.model
    def _load_pos_data_domain(self, data):
        # No rows at startup: the till reads the slot the cashier picks (omni_pos_slots lists them).
        return False

    @api.model
    def _load_pos_data_fields(self, config_id):
        return ["id", "display_name", "slot_type", "warehouse_id", "date_start", "date_end"]

    def _omni_book(self):
        """Take one place, atomically: one conditional UPDATE can never overbook."""
        self.ensure_one()
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE omni_delivery_slot SET booked = booked + 1"
                " WHERE id = %s AND active AND booked < capacity AND date_start > (now() AT TIME ZONE 'UTC')"
                " RETURNING id",
                self.id,
            )
        )
        won = bool(self.env.cr.fetchone())
        self.invalidate_recordset(["booked"])
        if not won:
            raise UserError(self.env._("This slot is full or no longer available; please pick another one."))
        return True

    def _omni_release(self):
        """Give one place back (cancelled order or changed slot)."""
        if not self:
            return
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE omni_delivery_slot SET booked = booked - 1 WHERE id = ANY(%s) AND booked > 0",
                self.ids,
            )
        )
        self.invalidate_recordset(["booked"])

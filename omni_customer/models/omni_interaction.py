# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, create_index


class OmniInteraction(models.Model):
    """One row per touchpoint of a customer, whatever the channel.

    Other addons add their own kinds with ``selection_add`` on
    ``interaction_type`` and write rows through :meth:`_omni_log`.
    """

    _name = "omni.interaction"
    _description = "Customer interaction (touchpoint)"
    _order = "date desc, id desc"
    _rec_name = "reference"

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True)
    channel_id = fields.Many2one("omni.channel", index=True, ondelete="restrict")
    # precompute: set in the INSERT, not by an UPDATE after it (a row per sale, on the till's hot path).
    channel_type = fields.Selection(related="channel_id.channel_type", store=True, precompute=True)
    interaction_type = fields.Selection(
        [
            ("order", "Order placed"),
            ("payment", "Order paid"),
            ("pos_order", "Store ticket"),
            ("refund", "Return / refund"),
            ("visit", "Website visit"),
            ("message", "Message"),
            ("merge", "Customer merged"),
            ("consent", "Consent change"),
            ("receipt", "Digital receipt sent"),
        ],
        required=True,
        index=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    amount = fields.Monetary(
        currency_field="currency_id",
        help="Signed value for the customer's lifetime value: refunds are negative.",
    )
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    res_model = fields.Char("Source model", index=True)
    res_id = fields.Many2oneReference("Source record", model_field="res_model")
    reference = fields.Char()
    note = fields.Char()

    _sql_constraints = [
        (
            "source_type_uniq",
            "unique(res_model, res_id, interaction_type)",
            "A document is logged once per interaction type.",
        ),
    ]

    def init(self):
        # Timeline and RFM read by partner and date: one composite index keeps
        # both fast with tens of millions of rows.
        create_index(
            self.env.cr,
            "omni_interaction_partner_date_idx",
            self._table,
            ["partner_id", "date DESC"],
        )

    @api.constrains("amount", "interaction_type")
    def _check_amount(self):
        for row in self:
            if row.interaction_type == "refund" and row.amount > 0:
                raise ValidationError(self.env._("A refund cannot increase the customer's value."))

    @api.model
    def _omni_log(self, vals_list):
        """Record touchpoints; the one documented entry point for every addon.

        Each dict takes ``partner_id`` (a golden partner: contacts are logged on
        their commercial entity), ``interaction_type``, and optionally
        ``channel_id`` (or ``channel_code``), ``date``, ``amount``,
        ``currency_id``, ``company_id``, ``record`` (the source document,
        stored as model/id/display name) and ``note``. Documents already
        logged for the same type are skipped, so callers may log twice safely.
        Returns the created rows.
        """
        Partner = self.env["res.partner"].sudo()
        Channel = self.env["omni.channel"]
        rows = []
        for raw in vals_list:
            vals = dict(raw)
            record = vals.pop("record", None)
            if record:
                vals.setdefault("res_model", record._name)
                vals.setdefault("res_id", record.id)
                vals.setdefault("reference", record.display_name)
            code = vals.pop("channel_code", None)
            if code and not vals.get("channel_id"):
                vals["channel_id"] = Channel._omni_get(code).id
            partner = Partner.browse(vals.get("partner_id"))
            if not partner:
                continue
            vals["partner_id"] = partner.commercial_partner_id.id
            rows.append(vals)
        if not rows:
            return self.browse()
        keyed = [
            (v.get("res_model"), v.get("res_id"), v["interaction_type"])
            for v in rows
            if v.get("res_model") and v.get("res_id")
        ]
        existing = set()
        if keyed:
            self.env.cr.execute(
                SQL(
                    "SELECT res_model, res_id, interaction_type FROM omni_interaction"
                    " WHERE (res_model, res_id, interaction_type) IN %s",
                    tuple(keyed),
                )
            )
            existing = set(self.env.cr.fetchall())
        unique_rows = []
        for row in rows:
            key = (row.get("res_model"), row.get("res_id"), row["interaction_type"])
            if key[0] and key[1]:
                if key in existing:
                    continue
                existing.add(key)  # the same document twice in one call is logged once
            unique_rows.append(row)
        rows = unique_rows
        # sudo: touchpoints are written by every flow (cashiers, website
        # visitors, cron); reading them is what the access rules restrict.
        return self.sudo().create(rows) if rows else self.browse()

    def action_open_source(self):
        self.ensure_one()
        if not self.res_model or not self.res_id:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.addons.omni_customer.models.omni_consent import MEDIUMS
from odoo.exceptions import ValidationError

PERSONALISATION = "personalisation"


class OmniConsent(models.Model):
    """Personalised recommendations are profiling: a purpose of their own.

    It is granted unless withdrawn (legitimate interest, documented in
    CONFIGURE.md); a row withdrawn through any medium withdraws it everywhere,
    since a recommendation is not sent through a medium.
    """

    _inherit = "omni.consent"

    purpose = fields.Selection(
        selection_add=[(PERSONALISATION, "Personalisation")], ondelete={PERSONALISATION: "cascade"}
    )

    @api.model
    def _omni_allowed(self, partner, purpose, medium):
        if purpose != PERSONALISATION:
            return super()._omni_allowed(partner, purpose, medium)
        if medium not in dict(MEDIUMS):
            raise ValidationError(self.env._("Unknown consent purpose or medium."))
        return self._omni_personalisation_allowed(partner)

    @api.model
    def _omni_personalisation_allowed(self, partner):
        """Whether ``partner`` may get personalised recommendations (no withdrawn row)."""
        partner = partner.commercial_partner_id if partner else partner
        if not partner:
            return False
        # sudo: the check runs for any viewer (website visitor, cashier, cron).
        return not self.sudo().search_count(
            [("partner_id", "=", partner.id), ("purpose", "=", PERSONALISATION), ("granted", "=", False)],
            limit=1,
        )

    @api.model
    def _omni_set(self, partner, purpose, medium, granted, channel=None):
        if purpose != PERSONALISATION:
            return super()._omni_set(partner, purpose, medium, granted, channel)
        if medium not in dict(MEDIUMS):
            raise ValidationError(self.env._("Unknown consent purpose or medium."))
        if not partner:
            raise ValidationError(self.env._("A consent needs a customer."))
        partner = partner.commercial_partner_id
        vals = {
            "granted": bool(granted),
            "date": fields.Datetime.now(),
            "channel_id": channel.id if channel else False,
            "user_id": self.env.uid,
        }
        row = self._omni_row(partner, PERSONALISATION, medium)
        if row:
            row.write(vals)
        else:
            # sudo: portal users and cashiers record their own / their customer's choice.
            row = self.sudo().create(
                dict(vals, partner_id=partner.id, purpose=PERSONALISATION, medium=medium)
            )
        state = self.env._("granted") if granted else self.env._("withdrawn")
        self.env["omni.interaction"]._omni_log(
            [
                {
                    "partner_id": partner.id,
                    "interaction_type": "consent",
                    "channel_id": channel.id if channel else False,
                    "note": self.env._("Personalisation: %(state)s", state=state),
                }
            ]
        )
        return row

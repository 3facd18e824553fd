# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class PosOrder(models.Model):
    _inherit = "pos.order"

    def action_omni_open_ticket(self):
        """Back office: a ticket about this store order, for its customer, on the store's channel."""
        self.ensure_one()
        channel = self.env["omni.channel"]._omni_for_pos_config(self.config_id)
        return self.env["helpdesk.ticket"]._omni_new_ticket_action(
            {
                "default_partner_id": self.partner_id.id,
                "default_omni_pos_order_id": self.id,
                "default_name": self.env._(
                    "About store order %(name)s", name=self.pos_reference or self.name
                ),
                "omni_channel_id": channel.id,
            }
        )

# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_omni_open_ticket(self):
        """Back office: a ticket about this order, for its customer."""
        self.ensure_one()
        return self.env["helpdesk.ticket"]._omni_new_ticket_action(
            {
                "default_partner_id": self.partner_id.id,
                "default_omni_sale_order_id": self.id,
                "default_name": self.env._("About order %(name)s", name=self.name),
                "omni_channel_code": "sale",
            }
        )

# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo import models


class WebsiteVisitor(models.Model):
    _inherit = "website.visitor"

    def _update_visitor_last_visit(self):
        new_visit = self.partner_id and self.last_connection_datetime < datetime.now() - timedelta(hours=8)
        res = super()._update_visitor_last_visit()
        if new_visit:
            self.env["omni.interaction"]._omni_log(
                [
                    {
                        "partner_id": self.partner_id.id,
                        "interaction_type": "visit",
                        "channel_id": self.env["omni.channel"]._omni_for_website(self.website_id).id,
                    }
                ]
            )
        return res

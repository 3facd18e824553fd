# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class PosSession(models.Model):
    _inherit = "pos.session"

    def _load_pos_data_models(self, config_id):
        return [*super()._load_pos_data_models(config_id), "stock.warehouse"]

    def _create_picking_at_end_of_session(self):
        res = super()._create_picking_at_end_of_session()
        # The session's pickings now move the units the holds were keeping.
        self.order_ids._omni_consume_pos_holds()
        return res

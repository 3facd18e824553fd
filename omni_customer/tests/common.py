# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import new_test_user


class OmniCustomerCommon:
    """Fixtures shared by the omni_customer tests (mixed into TransactionCase)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.country_id = cls.env.ref("base.es")
        cls.Partner = cls.env["res.partner"]
        cls.Channel = cls.env["omni.channel"]
        cls.product = cls.env["product.product"].create(
            {
                "name": "Omni Test Shirt",
                "list_price": 20.0,
                "available_in_pos": True,
                "taxes_id": [Command.clear()],
            }
        )
        cls.manager = new_test_user(
            cls.env,
            login="omni_mgr",
            groups="base.group_user,omni_customer.group_omni_manager,sales_team.group_sale_manager",
        )
        cls.cashier = new_test_user(
            cls.env, login="omni_cashier", groups="base.group_user,point_of_sale.group_pos_user"
        )
        cls.website = cls.env["website"].search([("company_id", "=", cls.company.id)], limit=1) or cls.env[
            "website"
        ].create({"name": "Omni web", "company_id": cls.company.id})

    @classmethod
    def _pos_config(cls):
        config = cls.env["pos.config"].search(
            [("company_id", "=", cls.company.id), ("payment_method_ids", "!=", False)], limit=1
        )
        return config

    def _sale_order(self, partner, amount=20.0, website=False, confirm=True):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "website_id": website and self.website.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 1, "price_unit": amount}
                    )
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    def _pos_order(self, partner, amount=20.0, config=None):
        config = config or self._pos_config()
        if not config:
            self.skipTest("no point of sale with payment methods in this database")
        if not config.current_session_id:
            config.open_ui()
        session = config.current_session_id
        order = self.env["pos.order"].create(
            {
                "session_id": session.id,
                "partner_id": partner.id if partner else False,
                "lines": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "qty": 1 if amount >= 0 else -1,
                            "price_unit": abs(amount),
                            "price_subtotal": amount,
                            "price_subtotal_incl": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
                "amount_tax": 0.0,
                "amount_total": amount,
                "amount_paid": 0.0,
                "amount_return": 0.0,
            }
        )
        self.env["pos.make.payment"].with_context(active_id=order.id, active_ids=order.ids).create(
            {"amount": amount, "payment_method_id": config.payment_method_ids[:1].id}
        ).check()
        return order

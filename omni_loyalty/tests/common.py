# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user


class OmniLoyaltyCommon:
    """Fixtures shared by the omni_loyalty tests (mixed into TransactionCase)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.omni_loyalty_return_days = 0
        cls.Card = cls.env["loyalty.card"]
        # Programs of other data (demo) must not change what these tests measure.
        cls.env["loyalty.program"].search([]).write({"active": False})
        cls.partner = cls.env["res.partner"].create({"name": "Lucía Fidel", "email": "lucia.fidel@correo.es"})
        cls.partner_b = cls.env["res.partner"].create({"name": "Bruno Otro", "email": "bruno.otro@correo.es"})
        cls.product = cls.env["product.product"].create(
            {
                "name": "Omni Loyalty Shirt",
                "list_price": 100.0,
                "available_in_pos": True,
                "taxes_id": [Command.clear()],
            }
        )
        cls.gift_product = cls.env["product.product"].create(
            {"name": "Omni Gift Card", "type": "service", "list_price": 50, "taxes_id": [Command.clear()]}
        )
        cls.gift_program = cls.env["loyalty.program"].create(
            {
                "name": "Omni Gift Cards",
                "mail_template_id": cls.env.ref("loyalty.mail_template_gift_card").id,
                "pos_report_print_id": cls.env.ref("loyalty.report_gift_card").id,
                "program_type": "gift_card",
                "applies_on": "future",
                "trigger": "auto",
                "rule_ids": [
                    Command.create(
                        {
                            "product_ids": cls.gift_product.ids,
                            "reward_point_amount": 1,
                            "reward_point_mode": "money",
                            "reward_point_split": True,
                        }
                    )
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 1,
                            "discount_mode": "per_point",
                            "discount_applicability": "order",
                        }
                    )
                ],
            }
        )
        cls.points_program = cls.env["loyalty.program"].create(
            {
                "name": "Omni Points",
                "program_type": "loyalty",
                "applies_on": "both",
                "trigger": "auto",
                "rule_ids": [Command.create({"reward_point_mode": "money", "reward_point_amount": 1})],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 10,
                            "discount_mode": "per_order",
                            "required_points": 1000,
                        }
                    )
                ],
            }
        )
        cls.manager = new_test_user(
            cls.env,
            login="loy_mgr",
            groups="base.group_user,omni_customer.group_omni_manager,sales_team.group_sale_manager",
        )
        cls.cashier = new_test_user(
            cls.env, login="loy_cashier", groups="base.group_user,point_of_sale.group_pos_user"
        )
        cash_journal = cls.env["account.journal"].search(
            [("type", "=", "cash"), ("company_id", "=", cls.company.id)], limit=1
        ) or cls.env["account.journal"].create({"name": "Omni cash", "type": "cash", "code": "OMCSH"})
        cls.cash_method = cls.env["pos.payment.method"].create(
            {"name": "Omni cash", "journal_id": cash_journal.id, "company_id": cls.company.id}
        )
        cls.pos_config = cls.env["pos.config"].create(
            {"name": "Tienda Centro", "payment_method_ids": [Command.set(cls.cash_method.ids)]}
        )

    def _gift_card(self, points=100.0, partner=None, program=None):
        return self.Card.create(
            {
                "program_id": (program or self.gift_program).id,
                "points": points,
                "partner_id": partner.id if partner else False,
            }
        )

    def _sale_order(self, partner=None, amount=100.0, website=False):
        return self.env["sale.order"].create(
            {
                "partner_id": (partner or self.partner).id,
                "website_id": website and self.env["website"].search([], limit=1).id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 1, "price_unit": amount}
                    )
                ],
            }
        )

    def _apply_code(self, order, code):
        status = order._try_apply_code(code)
        if "error" in status:
            raise ValidationError(status["error"])
        for coupon, rewards in status.items():
            result = order._apply_program_reward(rewards[:1], coupon)
            if "error" in result:
                raise ValidationError(result["error"])
        return order

    def _pos_order(self, partner=None, amount=100.0, lines=None):
        if not self.pos_config.current_session_id:
            self.pos_config.open_ui()
        session = self.pos_config.current_session_id
        lines = lines or [
            Command.create(
                {
                    "product_id": self.product.id,
                    "qty": 1,
                    "price_unit": amount,
                    "price_subtotal": amount,
                    "price_subtotal_incl": amount,
                    "tax_ids": [Command.clear()],
                }
            )
        ]
        return self.env["pos.order"].create(
            {
                "session_id": session.id,
                "partner_id": partner.id if partner else False,
                "lines": lines,
                "amount_tax": 0.0,
                "amount_total": amount,
                "amount_paid": 0.0,
                "amount_return": 0.0,
            }
        )

    def _pay(self, pos_order):
        self.env["pos.make.payment"].with_context(active_id=pos_order.id, active_ids=pos_order.ids).create(
            {"amount": pos_order.amount_total, "payment_method_id": self.cash_method.id}
        ).check()
        return pos_order

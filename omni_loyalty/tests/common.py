# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from random import randint
from uuid import uuid4

from odoo import Command, fields
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

    def _sync(self, amount=100.0, partner=None, reward=None, points=None, **extra):
        """A paid order through the real entry points: ``sync_from_ui``, then
        ``confirm_coupon_programs`` with ``points`` on the rewarded card (as the POS does)."""
        if not self.pos_config.current_session_id:
            self.pos_config.open_ui()
        payload = ui_order_payload(
            self.pos_config, self.product, self.cash_method, amount, partner, reward=reward, **extra
        )
        self.env["pos.order"].sync_from_ui([payload])
        order = self.env["pos.order"].search([("uuid", "=", payload["uuid"])])
        result = None
        if reward:
            card, spent = reward
            net = -spent if points is None else points
            result = order.confirm_coupon_programs(coupon_data(card, net, f"R{payload['uuid'][:8]}"))
        return order, payload, result

    def _pay(self, pos_order):
        self.env["pos.make.payment"].with_context(active_id=pos_order.id, active_ids=pos_order.ids).create(
            {"amount": pos_order.amount_total, "payment_method_id": self.cash_method.id}
        ).check()
        return pos_order


def ui_order_payload(
    config, product, cash_method, amount=100.0, partner=None, uuid=None, reward=None, **extra
):
    """A paid order as the 18.0 POS sends it to ``pos.order.sync_from_ui``.

    Built like ``point_of_sale/tests/common.py`` ``create_ui_order_data`` (no
    tax). ``reward`` = ``(card, points)`` adds the reward line the POS adds when
    a card pays ``points`` (its reward product at minus ``points``, ``points_cost``
    and a ``reward_identifier_code``); the payment then covers the rest.
    """
    uid = uuid or str(uuid4())
    lines = [
        Command.create(
            {
                "id": randint(1, 1000000),
                "pack_lot_ids": [],
                "price_unit": amount,
                "product_id": product.id,
                "price_subtotal": amount,
                "price_subtotal_incl": amount,
                "qty": 1,
                "tax_ids": [Command.set([])],
            }
        )
    ]
    total = amount
    if reward:
        card, points = reward
        loyalty_reward = card.program_id.reward_ids[:1]
        lines.append(
            Command.create(
                {
                    "id": randint(1, 1000000),
                    "pack_lot_ids": [],
                    "price_unit": -points,
                    "product_id": loyalty_reward.discount_line_product_id.id,
                    "price_subtotal": -points,
                    "price_subtotal_incl": -points,
                    "qty": 1,
                    "tax_ids": [Command.set([])],
                    "is_reward_line": True,
                    "reward_id": loyalty_reward.id,
                    "coupon_id": card.id,
                    "points_cost": points,
                    "reward_identifier_code": f"R{uid[:8]}",
                }
            )
        )
        total -= points
    payments = []
    if total:
        payments = [
            Command.create(
                {"amount": total, "name": fields.Datetime.now(), "payment_method_id": cash_method.id}
            )
        ]
    return {
        "amount_paid": total,
        "amount_return": 0,
        "amount_tax": 0,
        "amount_total": total,
        "date_order": fields.Datetime.to_string(fields.Datetime.now()),
        "fiscal_position_id": False,
        "pricelist_id": config.pricelist_id.id,
        "name": f"Order {uid}",
        "last_order_preparation_change": "{}",
        "lines": lines,
        "partner_id": partner.id if partner else False,
        "session_id": config.current_session_id.id,
        "sequence_number": 2,
        "payment_ids": payments,
        "uuid": uid,
        "user_id": config.env.uid,
        "to_invoice": False,
        **extra,
    }


def coupon_data(card, points, reward_code=None):
    """The ``coupon_data`` the 18.0 POS passes to ``confirm_coupon_programs`` (string keys, as JSON)."""
    vals = {"points": points, "program_id": card.program_id.id, "coupon_id": card.id, "barcode": False}
    if reward_code:
        vals["line_codes"] = [reward_code]
    return {str(card.id): vals}

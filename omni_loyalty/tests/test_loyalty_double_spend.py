# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import OmniLoyaltyCommon, coupon_data


@tagged("post_install", "-at_install")
class TestDoubleSpend(OmniLoyaltyCommon, TransactionCase):
    """The one debit service (``loyalty.card._omni_debit``) and the POS entry points that call it."""

    def test_debit_locks_and_refuses_overspend(self):
        card = self._gift_card(100)
        self.Card._omni_debit({card.id: (0, 60)}, channel="website")
        self.assertEqual(card.points, 40)
        with self.assertRaisesRegex(ValidationError, "Not enough balance"):
            self.Card._omni_debit({card.id: (0, 41)}, channel="pos")
        self.assertEqual(card.points, 40)
        history = card.history_ids
        self.assertEqual(len(history), 1, "the refused spend wrote nothing")
        self.assertEqual(history.used, 60)
        self.assertEqual(history.omni_channel_id.code, "website")

    def test_debit_bad_input(self):
        card = self._gift_card(100)
        for bad in (-5, "abc", None, float("nan"), float("inf"), True):
            with self.assertRaises(UserError, msg=repr(bad)):
                self.Card._omni_debit({card.id: (0, bad)})
        for bad_key in (0, -1, "1", None, 10**9):
            with self.assertRaises(UserError, msg=repr(bad_key)):
                self.Card._omni_debit({bad_key: (0, 1)})
        expired = self._gift_card(100)
        expired.expiration_date = fields.Date.today() - timedelta(days=1)
        with self.assertRaisesRegex(UserError, "expired"):
            self.Card._omni_debit({expired.id: (0, 10)})
        archived = self._gift_card(100)
        archived.active = False
        with self.assertRaisesRegex(UserError, "not active"):
            self.Card._omni_debit({archived.id: (0, 10)})
        other_company = self.env["res.company"].create({"name": "Otra Tienda SL"})
        foreign_program = self.gift_program.copy({"company_id": other_company.id})
        foreign = self._gift_card(100, program=foreign_program)
        with self.assertRaisesRegex(UserError, "another company"):
            self.Card._omni_debit({foreign.id: (0, 10)}, company=self.company)
        self.assertEqual((card | expired | archived | foreign).mapped("points"), [100.0] * 4)
        self.assertFalse((card | expired | archived | foreign).history_ids)

    def test_find_by_code_bad_input(self):
        card = self._gift_card(10)
        self.assertEqual(self.Card._omni_find_by_code(card.code), card)
        for bad in ("", "x", "'; DROP TABLE loyalty_card; --", None, 42, "a" * 200):
            with self.assertRaisesRegex(UserError, "valid card code"):
                self.Card._omni_find_by_code(bad)
        with self.assertRaisesRegex(UserError, "Unknown card"):
            self.Card._omni_find_by_code("NOPE-0000-XYZ")

    def test_sale_confirmation_refuses_second_full_spend(self):
        """Website and back office spend the same gift card: the second confirmation is refused."""
        card = self._gift_card(100)
        web = self._apply_code(self._sale_order(amount=150, website=True), card.code)
        office = self._apply_code(self._sale_order(amount=150), card.code)
        self.assertEqual(web.amount_total, 50)
        web.action_confirm()
        self.assertEqual(card.points, 0)
        with self.assertRaisesRegex(ValidationError, "Not enough balance on"):
            office.action_confirm()
        self.assertEqual(office.state, "draft")
        self.assertEqual(card.points, 0)
        self.assertEqual(card.history_ids.omni_channel_id, web.omni_channel_id)

    def test_pos_sync_twice_applies_once(self):
        card = self._gift_card(100)
        order, payload, _res = self._sync(amount=100, reward=(card, 30))
        self.assertEqual(order.state, "paid")
        self.assertEqual(card.points, 70)
        self.env["pos.order"].sync_from_ui([payload])
        again = order.confirm_coupon_programs(coupon_data(card, -30))
        self.assertTrue(again["omni_already_applied"])
        self.assertEqual(self.env["pos.order"].search_count([("uuid", "=", payload["uuid"])]), 1)
        self.assertEqual(card.points, 70, "a second sync changes nothing")
        # The POS then sends its history lines (string card ids, as JSON): not duplicated either.
        order.add_loyalty_history_lines([{"card_id": str(card.id), "won": 0, "spent": 30}], [])
        self.assertEqual(len(card.history_ids), 1)
        self.assertTrue(order.omni_loyalty_applied)

    def test_pos_check_refuses_before_payment_and_paid_order_is_a_fact(self):
        card = self._gift_card(20)
        check = self.env["pos.order"].validate_coupon_programs({str(card.id): -30}, [])
        self.assertFalse(check["successful"], "the pre-payment check refuses")
        self.assertIn("Not enough balance", check["payload"]["message"])
        self.assertEqual(check["payload"]["updated_points"], {card.id: 20})
        # Spent elsewhere between the check and the sync: the paid order is saved, the card
        # charged what it held, the order flagged with the overspend.
        order, _payload, res = self._sync(amount=100, reward=(card, 30))
        self.assertEqual(order.state, "paid")
        self.assertEqual(card.points, 0)
        self.assertTrue(order.omni_loyalty_flagged)
        self.assertAlmostEqual(order.omni_loyalty_uncovered, 10)
        self.assertIn("another channel", res["omni_warning"])
        self.assertNotIn(card.code, res["omni_warning"], "the code is a secret: masked")
        self.assertEqual(card.history_ids.used, 20)

    def test_card_emptied_elsewhere_history_matches_balance(self):
        """Emptied in another channel before the till's paid sale syncs: nothing charged, the
        order flagged, and the POS's history lines (sent after) do not count the spend again."""
        card = self._gift_card(50)
        self.Card._omni_debit({card.id: (0, 50)}, channel="website")
        order, _payload, _res = self._sync(amount=80, reward=(card, 50))
        self.assertEqual(order.state, "paid")
        self.assertTrue(order.omni_loyalty_flagged)
        self.assertAlmostEqual(order.omni_loyalty_uncovered, 50)
        order.add_loyalty_history_lines([{"card_id": str(card.id), "won": 0, "spent": 50}], [])
        self.assertEqual(card.points, 0)
        rows = card.history_ids.filtered(lambda h: h.order_model == "pos.order")
        self.assertEqual((len(rows), rows.used), (1, 0.0), "one row for the order, nothing charged")
        self.assertEqual(sum(card.history_ids.mapped("used")), 50, "the history adds up to the balance")

    def test_offline_allowance_caps_the_overdraft_not_the_charge(self):
        """Issue 11.1: offline, 100 spent from a card holding 500 charges 100, not the allowance."""
        self.pos_config.omni_offline_allowance = 50
        card = self._gift_card(500)
        order, _payload, _res = self._sync(amount=150, reward=(card, 100), omni_taken_offline=True)
        self.assertTrue(order._omni_is_offline())
        self.assertEqual(card.points, 400, "the whole spend is charged")
        self.assertFalse(order.omni_loyalty_flagged)
        # Short card: charged what it holds, the rest flagged whatever its size, never below zero.
        short = self._gift_card(40)
        order, _payload, res = self._sync(amount=150, reward=(short, 80), omni_taken_offline=True)
        self.assertEqual(short.points, 0)
        self.assertTrue(order.omni_loyalty_flagged)
        self.assertAlmostEqual(order.omni_loyalty_uncovered, 40)
        self.assertIn("taken offline", res["omni_warning"])
        tiny = self._gift_card(40)
        order, _payload, _res = self._sync(amount=150, reward=(tiny, 41), omni_taken_offline=True)
        self.assertEqual(tiny.points, 0)
        self.assertTrue(order.omni_loyalty_flagged, "flagged whatever its size")

    def test_offline_overspend_with_tier_multiplier_never_ends_above(self):
        """Issue 11.2: a 1.5x tier and an offline overspend: the card never ends above where it was."""
        tier = self.env["omni.loyalty.tier"].create(
            {"name": "Plata T", "min_spend": 999999, "points_multiplier": 1.5}
        )
        self.partner.omni_tier_id = tier
        card = self.Card.create(
            {"program_id": self.points_program.id, "partner_id": self.partner.id, "points": 40}
        )
        self.pos_config.omni_offline_allowance = 0
        # The order spends 100 points (reward line) and earns 10: the POS sends net -90.
        order, _payload, _res = self._sync(
            amount=110, partner=self.partner, reward=(card, 100), points=-90, omni_taken_offline=True
        )
        self.assertLessEqual(card.points, 40)
        self.assertEqual(card.points, 0, "15 earned (10 x 1.5) and 40 held cover 55 of the 100")
        self.assertAlmostEqual(order.omni_loyalty_uncovered, 45)
        # Online, the multiplier applies to what is earned only.
        card.points = 200
        order, _payload, _res = self._sync(amount=110, partner=self.partner, reward=(card, 100), points=-90)
        self.assertEqual(card.points, 115, "200 - 100 spent + 10 x 1.5 earned")
        self.assertFalse(order.omni_loyalty_flagged)

    def test_offline_decided_from_the_tills_own_clock(self):
        """Issue 10.5: a till 3 hours behind is not offline; a late send on its own clock is."""
        self.pos_config.omni_offline_delay = 10
        now = fields.Datetime.now()
        wrong_clock = now - timedelta(hours=3)
        order, _payload, _res = self._sync(
            amount=10,
            date_order=fields.Datetime.to_string(wrong_clock),
            omni_till_sent_at=fields.Datetime.to_string(wrong_clock + timedelta(seconds=5)),
        )
        self.assertFalse(order._omni_is_offline(), "a wrong clock does not make the order offline")
        order, _payload, _res = self._sync(
            amount=10,
            date_order=fields.Datetime.to_string(wrong_clock),
            omni_till_sent_at=fields.Datetime.to_string(wrong_clock + timedelta(minutes=20)),
        )
        self.assertTrue(order._omni_is_offline(), "sent 20 minutes after it was taken, on the till's clock")
        order, _payload, _res = self._sync(amount=10, omni_taken_offline=True)
        self.assertTrue(order._omni_is_offline(), "created while the till had no connection")
        order, _payload, _res = self._sync(amount=10, date_order=fields.Datetime.to_string(wrong_clock))
        self.assertFalse(order._omni_is_offline(), "a till that says nothing is not guessed offline")

    def test_new_gift_card_sold_at_the_till(self):
        """The POS sends a negative key and a non-numeric or negative coupon_id for a card it creates."""
        self.gift_program.pos_ok = True
        order, _payload, _res = self._sync(amount=50)
        res = order.confirm_coupon_programs(
            {
                "-1": {
                    "points": 50,
                    "program_id": self.gift_program.id,
                    "coupon_id": "-1",
                    "barcode": "GIFT-NEW-0001",
                }
            }
        )
        card = self.Card.search([("source_pos_order_id", "=", order.id)])
        self.assertEqual(card.points, 50)
        self.assertFalse(card.history_ids, "like the core, a sold gift card gets no creation row")
        self.assertFalse(res.get("omni_warning"))

    def test_pos_confirm_bad_input(self):
        """Malformed loyalty data: a clear error, nothing moved, the order kept.

        Another company's card is not refused at this point: the order is paid,
        so it is flagged and the card left uncharged (TestUnusableCardFact)."""
        card = self._gift_card(100)
        order, _payload, _res = self._sync(amount=50)
        for bad in (
            [1, 2],
            {"abc": {"points": -10, "program_id": self.gift_program.id}},
            {str(card.id): {"points": "lots", "program_id": self.gift_program.id}},
            {str(card.id): {"points": float("nan"), "program_id": self.gift_program.id}},
            {str(card.id): "not a dict"},
        ):
            with self.assertRaisesRegex(UserError, "Malformed loyalty data", msg=repr(bad)):
                order.confirm_coupon_programs(bad)
        self.assertEqual(card.points, 100)
        self.assertFalse(card.history_ids)
        self.assertFalse(order.omni_loyalty_applied)
        self.assertEqual(order.state, "paid", "the paid order itself is kept")

    def test_debit_query_count(self):
        card = self._gift_card(1000)
        self.Card._omni_debit({card.id: (0, 1)}, channel="pos")
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=9):
            self.Card._omni_debit({card.id: (0, 1)}, channel="pos")

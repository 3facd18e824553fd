# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import OmniLoyaltyCommon


@tagged("post_install", "-at_install")
class TestPosWalletSecrets(OmniLoyaltyCommon, TransactionCase):
    """What a cashier reads through ``omni_pos_wallet``, the method the POS wallet button calls."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Otra Empresa SL"})
        cls.foreign_program = cls.env["loyalty.program"].create(
            {
                "name": "Tarjetas regalo de la otra empresa",
                "program_type": "gift_card",
                "company_id": cls.other_company.id,
            }
        )
        cls.till = new_test_user(
            cls.env,
            login="loy_till_company_a",
            groups="base.group_user,point_of_sale.group_pos_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.till_both = new_test_user(
            cls.env,
            login="loy_till_both",
            groups="base.group_user,point_of_sale.group_pos_user",
            company_id=cls.company.id,
            company_ids=[Command.set((cls.company | cls.other_company).ids)],
        )
        cls.assertFalse(cls, cls.partner.company_id)  # a customer shared by both companies

    def test_cross_company_wallet(self):
        own = self._gift_card(40, partner=self.partner)
        foreign = self.Card.create(
            {"program_id": self.foreign_program.id, "partner_id": self.partner.id, "points": 60}
        )
        till = self.env["res.partner"].with_user(self.till)
        wallet = till.omni_pos_wallet(self.partner.id)
        self.assertEqual([card["id"] for card in wallet["cards"]], own.ids)
        self.assertEqual(wallet["gift_card"], 40, "the other company's balance is not added either")
        self.assertNotIn(foreign.code, json.dumps(wallet))
        # Its code typed at this company's till: as unknown as a code that does not exist.
        with self.assertRaisesRegex(UserError, "Unknown customer or card"):
            till.omni_pos_wallet(foreign.code)
        # A cashier of both companies working in the other one sees that company's card only.
        other_till = (
            self.env["res.partner"]
            .with_user(self.till_both)
            .with_context(allowed_company_ids=self.other_company.ids)
        )
        wallet_other = other_till.omni_pos_wallet(self.partner.id)
        self.assertEqual([card["id"] for card in wallet_other["cards"]], foreign.ids)
        self.assertEqual(other_till.omni_pos_wallet(foreign.code)["cards"][0]["id"], foreign.id)

    def test_card_code_at_till_opens_that_card_only(self):
        gift = self._gift_card(25, partner=self.partner)
        other_gift = self._gift_card(80, partner=self.partner)
        points = self.Card.create(
            {"program_id": self.points_program.id, "partner_id": self.partner.id, "points": 300}
        )
        till = self.env["res.partner"].with_user(self.till)
        result = till.omni_pos_wallet(gift.code)
        self.assertEqual([card["id"] for card in result["cards"]], gift.ids)
        self.assertEqual((result["gift_card"], result["points"], result["ewallet"]), (25, 0, 0))
        self.assertEqual(result["partner_id"], self.partner.id, "the till can still attach the customer")
        dumped = json.dumps(result)
        for hidden in (other_gift.code, points.code, self.partner.omni_customer_code or "no-code"):
            self.assertNotIn(hidden, dumped)
        # Padded as a scanner sends it: the same card.
        self.assertEqual(till.omni_pos_wallet(f"  {gift.code} ")["cards"][0]["id"], gift.id)
        # The customer chosen at the till (by id): the whole wallet of this company.
        self.assertEqual(len(till.omni_pos_wallet(self.partner.id)["cards"]), 3)

    def test_hostile_codes_and_ids(self):
        gift = self._gift_card(25, partner=self.partner)
        till = self.env["res.partner"].with_user(self.till)
        for bad in (
            f"{gift.code}\x00",
            "\x00",
            "\ud800",
            "x" * 65,
            gift.code + "\n",
            1.5,
            float(self.partner.id),
            True,
            2**31,
            -self.partner.id,
            [gift.code],
            {"code": gift.code},
            [self.partner.id],
        ):
            with self.subTest(bad=repr(bad)[:40]), self.assertRaises(UserError):
                till.omni_pos_wallet(bad)

    def test_portal_user_cannot_look_cards_up_by_code(self):
        gift = self._gift_card(25, partner=self.partner_b)
        portal = new_test_user(self.env, login="loy_portal_probe", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(portal).omni_pos_wallet(gift.code)

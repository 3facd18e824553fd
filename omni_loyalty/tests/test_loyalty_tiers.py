# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import OmniLoyaltyCommon


@tagged("post_install", "-at_install")
class TestTiers(OmniLoyaltyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Tier = cls.env["omni.loyalty.tier"]
        Tier.with_context(active_test=False).search([]).unlink()  # demo tiers
        cls.bronce = Tier.create({"name": "Bronce", "min_spend": 0})
        cls.plata = Tier.create({"name": "Plata", "min_spend": 500, "points_multiplier": 1.5})
        cls.oro = Tier.create({"name": "Oro", "min_spend": 2000, "points_multiplier": 2.0})

    def test_upgrade_from_cross_channel_spend_and_batched_downgrade(self):
        self._sale_order(amount=600, website=True).action_confirm()
        self.assertEqual(self.partner.omni_tier_id, self.plata, "upgraded at once after a web order")
        self._pay(self._pos_order(partner=self.partner, amount=1500))
        self.assertEqual(self.partner.omni_tier_id, self.oro, "store spend counts too")
        self.assertEqual(self.partner.omni_rolling_spend, 2100)
        self.assertIn("Oro", self.partner._omni_wallet_summary()["tier"])
        notice = self.partner.message_ids.filtered(lambda m: "Oro" in (m.body or ""))
        self.assertTrue(notice, "the customer got a notice")
        # E-mailed through the mail queue, not over SMTP inside the till's request.
        mails = self.env["mail.mail"].sudo().search([("mail_message_id", "in", notice.ids)])
        self.assertEqual(mails.mapped("state"), ["outgoing"])
        # Spend older than the window: the daily cron downgrades, in batches.
        interactions = self.env["omni.interaction"].search([("partner_id", "=", self.partner.id)])
        interactions.write({"date": fields.Datetime.now() - relativedelta(months=13)})
        self.partner_b.omni_tier_id = self.plata
        done = self.env["res.partner"]._cron_omni_tier_downgrade(batch_size=1)
        self.assertEqual(done, 1)
        self.env["res.partner"]._cron_omni_tier_downgrade(batch_size=1)
        self.assertEqual(self.partner.omni_tier_id, self.bronce)
        self.assertEqual(self.partner_b.omni_tier_id, self.bronce)
        self.assertEqual(
            self.env["res.partner"]._cron_omni_tier_downgrade(batch_size=1), 0, "all checked today"
        )

    def test_tier_notice_in_the_customers_language(self):
        """An English-speaking cashier upgrades a Spanish customer: the notice is in Spanish."""
        self.env["res.lang"]._activate_lang("es_ES")
        self.plata.with_context(lang="es_ES").name = "Plata ES"
        self.partner.lang = "es_ES"
        self.assertIn(self.env.lang, (None, "en_US"), "the flow itself runs in English")
        self._sale_order(amount=600, website=True).action_confirm()
        self.assertEqual(self.partner.omni_tier_id, self.plata)
        notice = self.partner.message_ids.filtered(lambda m: "Plata" in (m.body or ""))[:1]
        self.assertIn("¡Bienvenido al nivel Plata ES!", notice.body)

    def test_points_multiplier_and_tier_only_program(self):
        self.partner.omni_tier_id = self.oro
        card = self.Card.create({"program_id": self.points_program.id, "partner_id": self.partner.id})
        order = self._sale_order(amount=100)
        order._update_programs_and_rewards()
        order.action_confirm()
        self.assertEqual(card.points, 200, "Oro doubles the points earned")
        oro_only = self.points_program.copy(
            {"name": "Oro only", "program_type": "promotion", "omni_tier_ids": [(6, 0, self.oro.ids)]}
        )
        domain_oro = self._sale_order(amount=10)._get_program_domain()
        self.assertIn(oro_only, self.env["loyalty.program"].search(domain_oro))
        domain_plain = self._sale_order(partner=self.partner_b, amount=10)._get_program_domain()
        self.assertNotIn(oro_only, self.env["loyalty.program"].search(domain_plain))
        # Not evaluated in the POS (which does not know tiers): never granted to everyone there.
        self.assertNotIn(oro_only, self.pos_config._get_program_ids())
        self.assertIn(self.points_program, self.pos_config._get_program_ids())
        self.assertFalse(oro_only.omni_parity_ok)

    def test_tier_bad_values(self):
        Tier = self.env["omni.loyalty.tier"]
        with self.assertRaises(ValidationError):
            Tier.create({"name": "Negativo", "min_spend": -1})
        with self.assertRaises(ValidationError):
            Tier.create({"name": "Cero", "min_spend": 10, "points_multiplier": 0})

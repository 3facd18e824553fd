# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from .common import race


@tagged("post_install", "-at_install", "omni_concurrency")
class TestConcurrentCreation(TransactionCase):
    """Two channels (POS and website) create the same customer at the same moment.

    Real transactions on separate connections, committed; the test cleans up
    what it wrote. Odoo retries a request that fails with a serialization
    error; each channel here retries the same way on a fresh transaction.
    Environments are opened in the main thread (opening one takes the
    registry lock, which the test runner holds while tests run).
    """

    email = "concurrent.omni@correo.es"

    def setUp(self):
        super().setUp()
        self._cleanup()
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"active_test": False})
            partners = env["res.partner"].search([("email_normalized", "=", self.email)])
            env["omni.interaction"].search([("partner_id", "in", partners.ids)]).unlink()
            env["omni.match.review"].search([("partner_ids", "in", partners.ids)]).unlink()
            partners.unlink()
            env["omni.identity.claim"].search([("name", "=", "email:" + self.email)]).unlink()

    def _create(self, channel):
        def action(env):
            partner = (
                env["res.partner"]
                .with_context(omni_match_on_create=True, omni_channel_code=channel)
                .create({"name": f"Cliente {channel}", "email": self.email.upper()})
            )
            return partner.id

        return action

    @mute_logger("odoo.sql_db")
    def test_two_connections_one_partner(self):
        for _round in range(5):
            self._cleanup()
            results = race(self.registry, [self._create("pos"), self._create("website")], overlap=0.2)
            self.assertNotIn(None, results, "a channel did not finish")
            self.assertEqual([r[0] for r in results], ["ok", "ok"], results)
            ids = {r[2] for r in results}
            self.assertEqual(len(ids), 1, f"both channels must end on one partner: {results}")
            self.assertEqual(sorted(r[1] for r in results), [0, 1], "the later channel waited and retried")
            with self.registry.cursor() as cr:
                cr.execute(SQL("SELECT count(*) FROM res_partner WHERE email_normalized = %s", self.email))
                self.assertEqual(cr.fetchone()[0], 1)


@tagged("post_install", "-at_install", "omni_concurrency")
class TestConcurrentMatchConfirmation(TransactionCase):
    """The customer's link and a manager's button confirm the same guest order at once."""

    email = "race.guest.omni@correo.es"

    def setUp(self):
        super().setUp()
        self._cleanup()
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"active_test": False})
            partners = env["res.partner"].search([("email_normalized", "=", self.email)])
            orders = env["sale.order"].search(
                ["|", ("partner_id", "in", partners.ids), ("omni_golden_partner_id", "in", partners.ids)]
            )
            env["omni.interaction"].search(
                [
                    "|",
                    ("partner_id", "in", partners.ids),
                    "&",
                    ("res_model", "=", "sale.order"),
                    ("res_id", "in", orders.ids or [0]),
                ]
            ).unlink()
            orders._action_cancel()
            orders.unlink()
            env["product.product"].search([("default_code", "=", "OMNI-RACE")]).unlink()
            partners.filtered("parent_id").unlink()
            partners.exists().unlink()

    @mute_logger("odoo.sql_db")
    def test_link_and_button_together_apply_once(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
            website = env["website"].search([], limit=1)
            product = env["product.product"].create(
                {"name": "Omni race", "default_code": "OMNI-RACE", "type": "service", "list_price": 9.0}
            )
            golden = env["res.partner"].create({"name": "Race Golden", "email": self.email})
            guest = (
                env["res.partner"]
                .with_user(website.user_id)
                .sudo()
                .create({"name": "Race Guest", "email": self.email.upper()})
            )
            order = env["sale.order"].create(
                {
                    "partner_id": guest.id,
                    "website_id": website.id,
                    "order_line": [(0, 0, {"product_id": product.id, "price_unit": 9.0})],
                }
            )
            # Committed for real: the confirmation mail is queued (and deleted with the order),
            # not sent, as this database may have no sender configured.
            order.with_user(website.user_id).sudo().with_context(
                mail_notify_force_send=False
            ).action_confirm()
            self.assertEqual(order.omni_match_state, "unverified")
            order_id, golden_id, token = order.id, golden.id, order._omni_match_token()

        # Mails (omni_loyalty's tier notice, when installed) are queued, not sent in the
        # thread: sending opens the registry, whose lock the test runner holds.
        def by_link(env):
            env = env(context=dict(env.context, mail_notify_force_send=False))
            order = env["sale.order"].sudo().browse(order_id)
            if order._omni_check_match_token(token):
                order._omni_apply_match()
            return True

        def by_manager(env):
            env = env(context=dict(env.context, mail_notify_force_send=False))
            env["sale.order"].browse(order_id)._omni_apply_match()
            return True

        results = race(self.registry, [by_link, by_manager], overlap=0.2)
        self.assertEqual([r[0] for r in results], ["ok", "ok"], results)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            order = env["sale.order"].browse(order_id)
            self.assertEqual(order.omni_match_state, "verified")
            self.assertEqual(order.partner_id.id, golden_id)
            rows = env["omni.interaction"].search(
                [
                    ("res_model", "=", "sale.order"),
                    ("res_id", "=", order_id),
                    ("interaction_type", "=", "order"),
                ]
            )
            self.assertEqual(len(rows), 1, "the order counts once")
            self.assertEqual(rows.partner_id.id, golden_id)
            confirmations = order.message_ids.filtered(lambda m: "confirmed as" in (m.body or ""))
            self.assertEqual(len(confirmations), 1, "applied once")

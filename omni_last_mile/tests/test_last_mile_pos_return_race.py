# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api
from odoo.addons.omni_customer.tests.common import race
from odoo.addons.omni_inventory_aisle.tests.common import pos_order_payload
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .return_race_common import QUEUE_MAILS, ReturnRaceCommon

PRODUCT = "Last returnable unit (store return race test)"
PARTNER = "Store return race customer"
TILL = "Store return race till"
CASHIER = "omni_store_return_race_cashier"
PRICE = 10.0


@tagged("post_install", "-at_install", "omni_concurrency")
class TestStoreReturnByPostRace(ReturnRaceCommon, TransactionCase):
    """Two submissions of "return by post" for the last returnable unit of a store receipt, at once.

    The receipt is a paid till order sent through ``pos.order.sync_from_ui`` (the 18.0
    payload). Each submission runs the method the portal store-return controller calls
    (``omni.return._omni_pos_request_by_post``) on its own real connection (``race()``,
    which retries a serialization failure on a fresh transaction as Odoo's request layer
    does). ``claim_rows`` on the POS order makes the second one see the first one's return:
    exactly one return of one unit, the other is refused with a clear UserError. The test
    commits its fixtures and deletes them at the end.
    """

    def setUp(self):
        super().setUp()
        self.fixture = {}
        self._purge_leftovers()
        self.addCleanup(self._cleanup)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, QUEUE_MAILS)
            env.ref("base.EUR").active = True
            cashier = env["res.users"].create(
                {
                    "name": "Store return race cashier",
                    "login": CASHIER,
                    "groups_id": [
                        (4, env.ref("point_of_sale.group_pos_user").id),
                        (4, env.ref("stock.group_stock_user").id),
                    ],
                }
            )
            journal = env["account.journal"].search(
                [("type", "=", "bank"), ("company_id", "=", env.company.id)], limit=1
            )
            method = env["pos.payment.method"].create(
                {"name": "Store return race card", "journal_id": journal.id}
            )
            config = env["pos.config"].create({"name": TILL, "payment_method_ids": [(6, 0, method.ids)]})
            product = env["product.product"].create(
                {
                    "name": PRODUCT,
                    "is_storable": True,
                    "available_in_pos": True,
                    "list_price": PRICE,
                    "taxes_id": False,
                }
            )
            store = config.picking_type_id.warehouse_id
            env["stock.quant"]._update_available_quantity(product, store.lot_stock_id, 1)
            partner = env["res.partner"].create({"name": PARTNER, "email": "store.race@example.com"})
            config.with_user(cashier).open_ui()
            session = config.current_session_id
            session.set_opening_control(0, None)
            self.fixture = {
                "cashier": cashier.id,
                "method": method.id,
                "config": config.id,
                "session": session.id,
                "product": product.id,
                "template": product.product_tmpl_id.id,
                "partner": partner.id,
            }
            # The paid receipt, as the till sends it (its delivery is done at once).
            payload = pos_order_payload(
                env, config, [(product, 1)], partner=partner, payments=[(method, PRICE)]
            )
            result = env(user=cashier)["pos.order"].sync_from_ui([payload])
            pos_order = env["pos.order"].browse(result["pos.order"][0]["id"])
            self.fixture.update(order=pos_order.id, line=pos_order.lines.id)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            pos_order = env["pos.order"].browse(self.fixture["order"])
            self.assertEqual(pos_order.state, "paid")
            self.assertEqual(pos_order.picking_ids.state, "done")
            returnable = env["omni.return"]._omni_pos_returnable(pos_order)
            self.assertEqual(list(returnable.values()), [1.0], "one unit bought and taken home")
            self.mails_before = self._mails(env).ids

    def _mails(self, env):
        return env["mail.mail"].search([("model", "=", "pos.order"), ("res_id", "=", self.fixture["order"])])

    def _purge_leftovers(self):
        """Fixtures an interrupted run committed and could not delete."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"active_test": False})
            config = env["pos.config"].search([("name", "=", TILL)], limit=1)
            product = env["product.product"].search([("name", "=", PRODUCT)], limit=1)
            partner = env["res.partner"].search([("name", "=", PARTNER)], limit=1)
            cashier = env["res.users"].search([("login", "=", CASHIER)], limit=1)
            if not (config or product or partner or cashier):
                return
            self.fixture = {
                "cashier": cashier.id or 0,
                "method": config.payment_method_ids[:1].id or 0,
                "config": config.id or 0,
                "session": config.session_ids[:1].id or 0,
                "product": product.id or 0,
                "template": product.product_tmpl_id.id or 0,
                "partner": partner.id or 0,
            }
        self._cleanup()
        self.fixture = {}

    def _cleanup(self):
        fx = self.fixture
        if not fx:
            return
        with self.registry.cursor() as cr:
            pos_ids = self._ids(cr, "SELECT id FROM pos_order WHERE session_id = %s", (fx["session"],))
            return_ids = self._ids(cr, "SELECT id FROM omni_return WHERE pos_order_id = ANY(%s)", (pos_ids,))
            picking_ids = self._delete_returns_and_moves(cr, return_ids, fx["product"])
            self._delete_chatter(
                cr,
                {
                    "stock.picking": picking_ids,
                    "pos.order": pos_ids,
                    "omni.return": return_ids,
                    "pos.session": [fx["session"]],
                },
            )
            cr.execute("DELETE FROM pos_payment WHERE pos_order_id = ANY(%s)", (pos_ids,))
            cr.execute("DELETE FROM pos_order_line WHERE order_id = ANY(%s)", (pos_ids,))
            cr.execute("DELETE FROM procurement_group WHERE pos_order_id = ANY(%s)", (pos_ids,))
            cr.execute("DELETE FROM pos_order WHERE id = ANY(%s)", (pos_ids,))
            cr.execute("DELETE FROM pos_session WHERE id = %s", (fx["session"],))
            self._delete_product(cr, fx)
            cr.execute("DELETE FROM omni_channel WHERE pos_config_id = %s", (fx["config"],))
            env = api.Environment(cr, api.SUPERUSER_ID, {"active_test": False})
            env["pos.config"].browse(fx["config"]).exists().unlink()
            env["pos.payment.method"].browse(fx["method"]).exists().unlink()
            cashier_partner = env["res.users"].browse(fx["cashier"]).exists().partner_id.id or 0
            cr.execute("DELETE FROM res_users WHERE id = %s", (fx["cashier"],))
            cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", ([fx["partner"], cashier_partner],))

    @mute_logger("odoo.sql_db")
    def test_two_connections_last_unit_of_store_receipt(self):
        order_id, line_id = self.fixture["order"], self.fixture["line"]

        def request(env):
            env = env(context=dict(env.context, **QUEUE_MAILS))
            # sudo: as the portal controller, on the customer's own receipt.
            pos_order = env["pos.order"].sudo().browse(order_id)
            website = env["website"].search([("company_id", "=", pos_order.company_id.id)], limit=1)
            ret = (
                env["omni.return"]
                .sudo()
                ._omni_pos_request_by_post(
                    pos_order,
                    [{"line_id": line_id, "quantity": 1, "reason": "other"}],
                    refund_method="original",
                    channel=env["omni.channel"]._omni_for_website(website),
                )
            )
            return ret.id

        results = race(self.registry, [request, request], overlap=0.2)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            returns = env["omni.return"].search([("pos_order_id", "=", order_id)])
            self._assert_one_return_of_one_unit(results, returns)
            self.assertEqual((returns.return_mode, returns.state), ("post", "requested"))
            self.assertEqual(returns.picking_ids.carrier_tracking_ref, returns.label_ref)
            # One set of return instructions queued: the refused request left no mail behind.
            mails = self._mails(env).filtered(lambda m: m.id not in self.mails_before)
            self.assertEqual(len(mails), 1)
            self.assertIn(returns.label_ref, mails.body_html)
            pos_order = env["pos.order"].browse(order_id)
            self.assertFalse(env["omni.return"]._omni_pos_returnable(pos_order), "nothing left to return")

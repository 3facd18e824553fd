# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from .common import OmniInventoryCommon


@tagged("post_install", "-at_install")
class TestHolds(OmniInventoryCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_setup()
        cls._stock(cls.product_a, cls.wh_valencia, 3)
        cls.Hold = cls.env["omni.stock.hold"]

    def test_hold_reduces_every_other_channel(self):
        cart = self._order(self.customer_valencia, [(self.product_a, 2)], website=True)
        holds = self.Hold._omni_set_holds(
            cart, {(self.product_a.id, self.wh_valencia.id): 2}, channel=self.website_channel
        )
        self.assertEqual(holds.state, "soft")
        self.assertTrue(holds.expires_at > fields.Datetime.now())
        self.assertEqual(self._promisable(self.product_a, self.wh_valencia, self.pos_channel), 1)
        # a second document cannot take more than what is left
        other = self._order(self.customer_madrid, [(self.product_a, 2)])
        with self.assertUserError("Not enough stock to promise"):
            self.Hold._omni_set_holds(other, {(self.product_a.id, self.wh_valencia.id): 2})
        # replacing a document's holds does not count its old holds
        self.Hold._omni_set_holds(cart, {(self.product_a.id, self.wh_valencia.id): 3})
        self.assertEqual(len(self.Hold._omni_holds_of(cart)), 1)
        self.assertEqual(self._promisable(self.product_a, self.wh_valencia), 0)

    def test_expired_holds_release_and_cron(self):
        cart = self._order(self.customer_valencia, [(self.product_a, 3)], website=True)
        hold = self.Hold._omni_set_holds(cart, {(self.product_a.id, self.wh_valencia.id): 3})
        self.assertEqual(self._promisable(self.product_a, self.wh_valencia), 0)
        hold.expires_at = fields.Datetime.now() - timedelta(minutes=1)
        # expired holds stop counting before the cron runs...
        self.assertEqual(self._promisable(self.product_a, self.wh_valencia), 3)
        # ...and the cron marks them released, in batches
        released = self.Hold._cron_expire_holds(limit=10)
        self.assertEqual(released, hold)
        self.assertEqual(hold.state, "released")
        self.assertEqual(hold.release_reason, "expired")

    def test_cron_batches(self):
        carts = self.env["sale.order"].create([{"partner_id": self.customer_madrid.id} for _i in range(3)])
        for cart in carts:
            self.Hold._omni_set_holds(cart, {(self.product_a.id, self.wh_valencia.id): 1})
        self.Hold.search([("res_id", "in", carts.ids)]).expires_at = fields.Datetime.now() - timedelta(
            seconds=5
        )
        self.assertEqual(len(self.Hold._cron_expire_holds(limit=2)), 2)
        self.assertEqual(len(self.Hold._cron_expire_holds(limit=2)), 1)
        self.assertFalse(self.Hold._cron_expire_holds(limit=2))

    def test_abandoned_cart_gives_units_back(self):
        cart = self._order(self.customer_valencia, [(self.product_a, 2)], website=True)
        cart._omni_hold_cart()
        holds = self.Hold._omni_holds_of(cart)
        self.assertEqual(holds.mapped("quantity"), [2.0])
        self.assertEqual(holds.warehouse_id, self.wh_valencia)
        self.assertEqual(self._promisable(self.product_a, self.wh_valencia), 1)
        holds.expires_at = fields.Datetime.now() - timedelta(hours=1)
        self.Hold._cron_expire_holds()
        self.assertEqual(self._promisable(self.product_a, self.wh_valencia), 3)
        # emptying a cart releases its holds at once
        cart2 = self._order(self.customer_valencia, [(self.product_a, 1)], website=True)
        cart2._omni_hold_cart()
        cart2.order_line.unlink()
        cart2._omni_hold_cart()
        self.assertFalse(self.Hold._omni_holds_of(cart2))

    def test_bad_input_reserves_nothing(self):
        doc = self._order(self.customer_madrid, [(self.product_a, 1)])
        good = (self.product_a.id, self.wh_valencia.id)
        cases = [
            ({}, "Nothing to hold"),
            ({(999999999, self.wh_valencia.id): 1}, "Unknown product"),
            ({(self.product_a.id, 999999999): 1}, "Unknown or inactive node"),
            ({good: -1}, "must be positive"),
            ({good: 0}, "must be positive"),
            ({good: 10**12}, "larger than allowed"),
            ({good: float("nan")}, "must be a number"),
            ({good: "1"}, "must be a number"),
            ({("1", self.wh_valencia.id): 1}, "given by id"),
            ({self.product_a.id: 1}, "needs a product and a node"),
            # a valid line next to an invalid one: nothing at all is held
            ({good: 1, (self.product_a.id, 999999999): 1}, "Unknown or inactive node"),
        ]
        before = self.Hold.search_count([])
        for quantities, message in cases:
            with self.subTest(quantities=quantities), self.assertUserError(message):
                self.Hold._omni_set_holds(doc, quantities)
        # a node outside the network is refused too
        self.wh_sevilla.omni_in_network = False
        with self.assertUserError("Unknown or inactive node"):
            self.Hold._omni_set_holds(doc, {(self.product_a.id, self.wh_sevilla.id): 1})
        self.assertEqual(self.Hold.search_count([]), before)

    def test_postcode_that_does_not_exist(self):
        SaleOrder = self.env["sale.order"]
        self.assertEqual(SaleOrder._omni_postcode_coordinates("46001"), (39.47, -0.38))
        for bad in ("99999", "ABCDE", "", "1' OR '1'='1"):
            with self.subTest(bad=bad), self.assertUserError("Unknown postcode"):
                SaleOrder._omni_postcode_coordinates(bad)
        # a foreign postcode is found through a node that has it
        self.wh_sevilla.partner_id.zip = "75001"
        self.assertEqual(
            SaleOrder._omni_postcode_coordinates("75001", "FR"),
            (self.wh_sevilla.omni_latitude, self.wh_sevilla.omni_longitude),
        )

    def test_hold_access(self):
        doc = self._order(self.customer_madrid, [(self.product_a, 1)])
        hold = self.Hold._omni_set_holds(doc, {(self.product_a.id, self.wh_valencia.id): 1})
        with self.assertRaises(AccessError):
            hold.with_user(self.omni_user).unlink()
        with self.assertRaises(AccessError):
            hold.with_user(self.portal_user).read(["quantity"])
        hold.with_user(self.omni_manager).action_release()
        self.assertEqual(hold.state, "released")

    def test_users_read_the_ledger_the_services_write_it(self):
        """Omnicanal users cannot create, write or delete holds or sourcing decisions by hand;
        a salesperson confirming an order still gets its reservation and its decisions."""
        order = self._order(self.customer_valencia, [(self.product_a, 1)])
        order.user_id = self.omni_user  # the salesperson's own order, as they see it
        order = order.with_user(self.omni_user)
        order.action_confirm()
        # The reservation is written (and consumed once the picking reserved the unit).
        holds = self.Hold.search([("res_model", "=", "sale.order"), ("res_id", "=", order.id)])
        self.assertEqual(len(holds), 1)
        self.assertIn(holds.state, ("hard", "consumed"))
        state = holds.state
        decisions = order.omni_decision_ids
        self.assertTrue(decisions)
        Hold = self.Hold.with_user(self.omni_user)
        self.assertEqual(Hold.search([("id", "=", holds.id)]), holds.with_user(self.omni_user))
        vals = {
            "product_id": self.product_a.id,
            "warehouse_id": self.wh_valencia.id,
            "quantity": 1,
            "res_model": "sale.order",
            "res_id": order.id,
        }
        for attempt in (
            lambda: Hold.create(vals),
            lambda: holds.with_user(self.omni_user).write({"quantity": 2}),
            lambda: holds.with_user(self.omni_user).unlink(),
            lambda: decisions.with_user(self.omni_user).write({"reason": "by hand"}),
            lambda: decisions.with_user(self.omni_user).unlink(),
            lambda: (
                self.env["omni.sourcing.decision"]
                .with_user(self.omni_user)
                .create({"order_id": order.id, "line_id": order.order_line.id})
            ),
        ):
            with self.assertRaises(AccessError):
                attempt()
        self.assertEqual(holds.quantity, 1)
        self.assertEqual(holds.state, state)

    def test_stale_reservations_filter(self):
        """A reservation no picking took over after a week shows in the managers' report filter."""
        doc = self._order(self.customer_madrid, [(self.product_a, 1)])
        hold = self.Hold._omni_set_holds(doc, {(self.product_a.id, self.wh_valencia.id): 1}, state="hard")
        fresh = self.Hold._omni_set_holds(
            self._order(self.customer_valencia, [(self.product_a, 1)]),
            {(self.product_a.id, self.wh_valencia.id): 1},
            state="hard",
        )
        self.env.cr.execute(
            SQL("UPDATE omni_stock_hold SET create_date = now() - interval '8 days' WHERE id = %s", hold.id)
        )
        hold.invalidate_recordset()
        search = self.env.ref("omni_inventory_aisle.omni_stock_hold_view_search")
        stale = etree.fromstring(search.arch).xpath("//filter[@name='stale']")[0].get("domain")
        today = fields.Date.context_today(self.Hold)
        domain = safe_eval(stale, {"context_today": lambda: today, "relativedelta": relativedelta})
        found = self.Hold.search([("id", "in", (hold | fresh).ids), *domain])
        self.assertEqual(found, hold)

    def test_multi_company(self):
        """Holds and safety rules of another company stay invisible."""
        doc = self._order(self.customer_madrid, [(self.product_a, 1)])
        self.Hold._omni_set_holds(doc, {(self.product_a.id, self.wh_valencia.id): 1})
        self.env["omni.safety.stock"].create({"quantity": 1})
        other = self.env["res.company"].create({"name": "Other chain"})
        user = new_test_user(
            self.env,
            login="aisle_other",
            groups="omni_customer.group_omni_manager,stock.group_stock_user",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        self.assertFalse(self.Hold.with_user(user).search([]))
        self.assertFalse(self.env["omni.safety.stock"].with_user(user).search([]))

    def test_take_lock_row(self):
        """Only final takes bump the lock row: a cart's soft hold contends with nobody."""
        doc = self._order(self.customer_madrid, [(self.product_a, 1)])
        Lock = self.env["omni.stock.take.lock"]
        domain = [("product_id", "=", self.product_a.id), ("warehouse_id", "=", self.wh_valencia.id)]
        for _i in range(2):
            self.Hold._omni_set_holds(doc, {(self.product_a.id, self.wh_valencia.id): 1})
        self.assertFalse(Lock.search(domain), "a soft hold locked the product x node row")
        for _i in range(2):
            self.Hold._omni_set_holds(doc, {(self.product_a.id, self.wh_valencia.id): 1}, state="hard")
        self.assertEqual(Lock.search(domain).version, 2)

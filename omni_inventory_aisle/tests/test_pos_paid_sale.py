# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import VALENCIA, pos_order_payload


@tagged("post_install", "-at_install")
class TestPaidPosSale(TestPointOfSaleHttpCommon):
    """A paid till order is a fact: ``pos.order.sync_from_ui`` always saves it.

    Every test sends what the 18.0 POS sends (point_of_sale's own
    ``create_ui_order_data``) as the cashier, and checks where the conflict
    landed: on the web order that was counting on the unit.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = cls.main_pos_config.company_id
        env["stock.warehouse"].search([]).write({"omni_in_network": False})
        cls.store = cls.main_pos_config.picking_type_id.warehouse_id
        cls.store.write({"omni_in_network": True, "omni_node_type": "store", "omni_ships": True})
        cls.valencia = env["stock.warehouse"].create(
            {
                "name": "Valencia store",
                "code": "VLQ",
                "company_id": cls.company.id,
                "omni_node_type": "store",
                "omni_ships": True,
                "omni_pickup": True,
                "omni_latitude": VALENCIA[0],
                "omni_longitude": VALENCIA[1],
            }
        )
        cls.item = env["product.product"].create(
            {
                "name": "Last unit item",
                "is_storable": True,
                "allow_out_of_stock_order": False,
                "available_in_pos": True,
                "list_price": 25.0,
                "taxes_id": False,
            }
        )
        cls.website = env["website"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.shopper = env["res.partner"].create({"name": "Web shopper", "zip": "28001"})
        cls.env["stock.quant"]._update_available_quantity(cls.item, cls.store.lot_stock_id, 1)

    def _open_session(self):
        if not self.main_pos_config.current_session_id:
            self.main_pos_config.with_user(self.pos_user).open_ui()
            self.main_pos_config.current_session_id.set_opening_control(0, None)

    def _web_order(self, qty=1, confirm=True):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.shopper.id,
                "website_id": self.website.id,
                "warehouse_id": self.store.id,
                "order_line": [(0, 0, {"product_id": self.item.id, "product_uom_qty": qty})],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    def _sell(self, *orders_lines):
        """One sync_from_ui call from the till, one paid order per ``lines``."""
        self._open_session()
        payloads = [pos_order_payload(self.env, self.main_pos_config, lines) for lines in orders_lines]
        result = self.env["pos.order"].with_user(self.pos_user).sync_from_ui(payloads)
        orders = self.env["pos.order"].browse([row["id"] for row in result["pos.order"]])
        return orders, result

    def _live_pickings(self, order):
        return order.picking_ids.filtered(lambda p: p.state not in ("cancel", "done"))

    def test_soft_cart_hold_never_blocks_the_till(self):
        cart = self._web_order(confirm=False)
        cart._omni_hold_cart()
        self.assertEqual(self.env["omni.stock.hold"]._omni_holds_of(cart).state, "soft")
        orders, result = self._sell([(self.item, 1)])
        self.assertEqual(orders.state, "paid")
        self.assertFalse(orders.omni_stock_notice, "a cart is not a promise: nothing to tell")
        self.assertEqual(orders.picking_ids.state, "done")
        self.assertIn("omni_stock_notice", result["pos.order"][0])

    def test_safety_stock_never_blocks_the_till(self):
        self.env["omni.safety.stock"].sudo().create(
            {"company_id": self.company.id, "channel_type": "pos", "quantity": 5}
        )
        orders, _result = self._sell([(self.item, 1)])
        self.assertEqual(orders.state, "paid")

    def test_last_unit_promised_online_flagged_when_no_node_can_serve(self):
        web = self._web_order()
        self.assertEqual(self._live_pickings(web).picking_type_id.warehouse_id, self.store)
        orders, result = self._sell([(self.item, 1)])
        # the sale went through, the unit left the store
        self.assertEqual(orders.state, "paid")
        self.assertEqual(orders.picking_ids.state, "done")
        # the web order is flagged for a manager: field, activity, chatter, filter
        self.assertEqual(web.omni_stock_flag, "sold_in_store")
        self.assertIn("sold in store", web.omni_stock_issue)
        self.assertIn(orders.name, web.omni_stock_issue)
        self.assertTrue(web.activity_ids.filtered(lambda a: "Stock issue" in (a.summary or "")))
        self.assertTrue(any("sold in store" in (m.body or "") for m in web.message_ids))
        flagged = self.env["sale.order"].search([("omni_stock_flag", "=", "sold_in_store")])
        self.assertEqual(flagged, web)
        # the cashier is told, in the answer the till reads
        self.assertIn(web.name, result["pos.order"][0]["omni_stock_notice"])
        self.assertIn("manager", orders.omni_stock_notice)

    def test_last_unit_promised_online_resourced_to_another_node(self):
        web = self._web_order()
        self.env["stock.quant"]._update_available_quantity(self.item, self.valencia.lot_stock_id, 2)
        orders, _result = self._sell([(self.item, 1)])
        self.assertEqual(orders.state, "paid")
        self.assertFalse(web.omni_stock_flag)
        live = self._live_pickings(web)
        self.assertEqual(live.picking_type_id.warehouse_id, self.valencia)
        self.assertEqual(live.move_ids.product_uom_qty, 1)
        decision = web.omni_decision_ids.filtered(lambda d: d.kind == "resourced")
        self.assertEqual(decision.warehouse_id, self.valencia)
        self.assertIn("Valencia store", orders.omni_stock_notice)
        # the new promise holds in Valencia: one unit left there for anyone else
        cell = self.env["omni.stock.availability"]._omni_get(self.item, self.valencia)
        self.assertEqual(cell[self.item.id]["nodes"][self.valencia.id]["promisable"], 1)

    def test_offline_batch_beyond_stock_all_saved(self):
        """A till back online sends three paid orders for more than the store has: all saved."""
        web = self._web_order()
        orders, _result = self._sell([(self.item, 1)], [(self.item, 2)], [(self.item, 1)])
        self.assertEqual(len(orders), 3)
        self.assertEqual(set(orders.mapped("state")), {"paid"})
        self.assertEqual(web.omni_stock_flag, "sold_in_store")
        self.assertEqual(len(web.activity_ids), 1, "one flag, not one per order of the batch")

    def _other_company_session(self):
        """An open till session of another company, which this cashier cannot use."""
        other = self.setup_other_company(name="Other chain")["company"]
        cash_journal = self.env["account.journal"].search(
            [("company_id", "=", other.id), ("type", "=", "cash")], limit=1
        )
        method = self.env["pos.payment.method"].create(
            {"name": "Other cash", "journal_id": cash_journal.id, "company_id": other.id}
        )
        config = (
            self.env["pos.config"]
            .with_company(other)
            .create({"name": "Other chain till", "payment_method_ids": [(6, 0, method.ids)]})
        )
        config.with_company(other).open_ui()
        session = config.current_session_id
        session.set_opening_control(0, "")
        self.assertEqual((session.company_id, session.state), (other, "opened"))
        self.assertNotIn(other, self.pos_user.company_ids)
        return session

    def test_bad_payloads_clear_error_nothing_written(self):
        self._open_session()
        PosOrder = self.env["pos.order"].with_user(self.pos_user)
        count = self.env["pos.order"].search_count([])
        holds = self.env["omni.stock.hold"].search_count([])
        good = pos_order_payload(self.env, self.main_pos_config, [(self.item, 1)])
        line = good["lines"][0][2]
        other_session = self._other_company_session()
        cases = [
            ("not a list", "orders"),
            (["not a dict"], "order"),
            ([{**good, "lines": "x"}], "lines"),
            ([{**good, "lines": [(0, 0, {**line, "product_id": 999999999})]}], "Unknown product"),
            ([{**good, "lines": [(0, 0, {**line, "product_id": "1; drop"})]}], "Unknown product"),
            # beyond PostgreSQL's integer: refused before any query, not a database error
            ([{**good, "lines": [(0, 0, {**line, "product_id": 2**31})]}], "Unknown product"),
            ([{**good, "lines": [(0, 0, {**line, "product_id": -3})]}], "Unknown product"),
            ([{**good, "lines": [(0, 0, {**line, "qty": 1e12})]}], "quantity"),
            ([{**good, "lines": [(0, 0, {**line, "qty": float("nan")})]}], "quantity"),
            ([{**good, "lines": [(0, 0, {**line, "qty": "2"})]}], "quantity"),
            ([{**good, "session_id": 999999999}], "session"),
            ([{**good, "session_id": other_session.id}], "session"),
            ([{**good, "session_id": 2**63}], "session"),
            ([{**good, "session_id": True}], "session"),
        ]
        for orders, message in cases:
            with self.subTest(message=message, orders=str(orders)[:60]):
                with self.assertRaises(UserError) as cm:
                    PosOrder.sync_from_ui(orders)
                self.assertIn(message.lower(), str(cm.exception).lower())
        self.assertEqual(self.env["pos.order"].search_count([]), count)
        self.assertEqual(self.env["omni.stock.hold"].search_count([]), holds)

    def test_tour_cashier_sells_the_unit_a_web_cart_holds(self):
        cart = self._web_order(confirm=False)
        cart._omni_hold_cart()
        self.start_pos_tour("omni_aisle_last_unit_tour", login="pos_user")
        order = self.env["pos.order"].search([("lines.product_id", "=", self.item.id)], limit=1)
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.picking_ids.state, "done")
        self.assertEqual(self.env["omni.stock.hold"]._omni_holds_of(cart).state, "soft")

    def test_tour_cashier_sells_a_unit_promised_online(self):
        web = self._web_order()
        self.start_pos_tour("omni_aisle_promised_unit_tour", login="pos_user")
        order = self.env["pos.order"].search([("lines.product_id", "=", self.item.id)], limit=1)
        self.assertEqual(order.state, "paid")
        self.assertEqual(web.omni_stock_flag, "sold_in_store")
        self.assertIn(web.name, order.omni_stock_notice)

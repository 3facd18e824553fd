# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt

from odoo import fields, http
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, TransactionCase, tagged

from .common import MONDAY, MONDAY_10, OmniLastMileCommon

DAY = dt.timedelta(days=1)

PROMISE = "/omni/last_mile/promise"
SLOTS = "/omni/last_mile/slots"
SLOT = "/omni/last_mile/slot"


class OmniCheckoutCommon(OmniLastMileCommon):
    @classmethod
    def _omni_checkout_setup(cls):
        cls._omni_last_mile_setup()
        env = cls.env
        cls.product_a.write({"is_published": True, "website_id": False, "sale_ok": True})
        cls.product_b.write({"is_published": True, "website_id": False, "sale_ok": True})
        cls._stock(cls.product_a, cls.wh_valencia, 5)
        cls.carrier.write({"is_published": True, "website_id": False})
        van_product = env["product.product"].create({"name": "Van delivery", "type": "service"})
        cls.vans = env["delivery.carrier"].create(
            {
                "name": "Our vans",
                "delivery_type": "fixed",
                "product_id": van_product.id,
                "fixed_price": 3.0,
                "is_published": True,
                "omni_uses_slots": True,
                "omni_transit_ids": [(0, 0, {"zone_id": cls.zone_peninsula.id, "transit_days": 0})],
            }
        )
        # Only our two methods on the website.
        env["delivery.carrier"].search([("id", "not in", (cls.carrier | cls.vans).ids)]).is_published = False

    @classmethod
    def _slot(cls, zone, capacity, hours_ahead=48, **vals):
        start = fields.Datetime.now().replace(microsecond=0) + dt.timedelta(hours=hours_ahead)
        return cls.env["omni.delivery.slot"].create(
            {
                "slot_type": "delivery",
                "zone_id": zone.id,
                "company_id": zone.company_id.id,
                "date_start": start,
                "date_end": start + dt.timedelta(hours=2),
                "capacity": capacity,
                **vals,
            }
        )


@tagged("post_install", "-at_install")
class TestCheckoutPromiseRoutes(OmniCheckoutCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_checkout_setup()
        cls.portal_user.partner_id.write(
            {
                "zip": "46002",
                "country_id": cls.country_es.id,
                "state_id": cls.env.ref("base.state_es_v").id,
                "city": "Valencia",
                "street": "Calle Colón 1",
                "email": "portal@example.com",
                "phone": "+34 600 000 000",
            }
        )

    def _cart(self, carrier=None):
        cart = self.env["sale.order"].create(
            {
                "partner_id": self.portal_user.partner_id.id,
                "website_id": self.website.id,
                "carrier_id": carrier.id if carrier else False,
                "order_line": [(0, 0, {"product_id": self.product_a.id, "product_uom_qty": 1})],
            }
        )
        self.authenticate("aisle_portal", "aisle_portal")
        return cart

    def test_product_page_promise_same_service_as_the_cart(self):
        self.authenticate("aisle_portal", "aisle_portal")
        result = self.make_jsonrpc_request(PROMISE, {"product_id": self.product_a.id})
        # The same computation as an order of that product: the vans (0 days) beat SEUR (1 day).
        order = self._ship_order(self.portal_user.partner_id, [(self.product_a, 1)])
        expected = order._omni_delivery_promise(carrier=self.vans)
        self.assertEqual(result["date"], str(expected["date"]))
        self.assertEqual(result["headline"], expected["headline"])
        self.assertIn("Aisle Valencia", result["explanation"])
        self.assertIn("Our vans", result["explanation"])
        # A typed Balearic postcode: only SEUR goes there, 2 days; kept in the session.
        baleares = self.make_jsonrpc_request(PROMISE, {"product_id": self.product_a.id, "postcode": "07001"})
        seur = order._omni_delivery_promise(postcode="07001", carrier=self.carrier)
        self.assertEqual((baleares["date"], baleares["postcode"]), (str(seur["date"]), "07001"))
        self.assertIn("SEUR 24 h", baleares["explanation"])
        again = self.make_jsonrpc_request(PROMISE, {"product_id": self.product_a.id})
        self.assertEqual((again["date"], again["postcode"]), (baleares["date"], "07001"))
        # The product page renders the block for the variant, and the promise follows the variant.
        page = self.url_open(self.product_a.product_tmpl_id.website_url)
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'class="o_omni_promise small my-2" data-product-id="{self.product_a.id}"', page.text)
        no_stock = self.make_jsonrpc_request(PROMISE, {"product_id": self.product_b.id})
        self.assertEqual(
            no_stock,
            {"error": "This product cannot be delivered from our stock right now.", "postcode": "07001"},
        )

    def test_product_page_promise_in_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(["omni_last_mile"], ["es_ES"])
        self.website.language_ids |= self.env.ref("base.lang_es")
        self.portal_user.partner_id.lang = "es_ES"
        self.authenticate("aisle_portal", "aisle_portal")
        self.opener.cookies["frontend_lang"] = "es_ES"
        result = self.make_jsonrpc_request(PROMISE, {"product_id": self.product_a.id, "postcode": "07001"})
        self.assertRegex(
            result["headline"], r"^Recíbelo el (lunes|martes|miércoles|jueves|viernes|sábado|domingo) \d+"
        )

    def test_product_promise_bad_input(self):
        self.authenticate(None, None)
        for params, message in (
            ({"product_id": "abc"}, "Unknown or invalid record reference."),
            ({"product_id": -3}, "Unknown or invalid record reference."),
            ({"product_id": [1]}, "Unknown or invalid record reference."),
            ({"product_id": 999999999}, "Unknown product."),
            ({"product_id": self.product_a.id, "postcode": "<b>"}, "Unknown postcode."),
        ):
            self.assertEqual(self.make_jsonrpc_request(PROMISE, params), {"error": message}, params)
        # A visitor without an address is asked for a postcode; an unknown one is refused cleanly.
        ask = self.make_jsonrpc_request(PROMISE, {"product_id": self.product_a.id})
        self.assertTrue(ask["ask"])
        abroad = self.make_jsonrpc_request(
            PROMISE, {"product_id": self.product_a.id, "postcode": "75001", "country_code": "FR"}
        )
        self.assertIn("No delivery zone covers", abroad["error"])
        unpublished = self.env["product.product"].create({"name": "Hidden", "is_storable": True})
        self.assertEqual(
            self.make_jsonrpc_request(PROMISE, {"product_id": unpublished.id}), {"error": "Unknown product."}
        )

    def test_checkout_shows_a_promise_per_delivery_method(self):
        cart = self._cart(self.carrier)
        promises = cart._omni_carrier_promises(self.carrier | self.vans)
        self.assertEqual(promises[self.carrier.id], cart._omni_delivery_promise()["headline"])
        self.assertEqual(promises[self.vans.id], cart._omni_delivery_promise(carrier=self.vans)["headline"])
        page = self.url_open("/shop/checkout")
        self.assertEqual(page.status_code, 200)
        for carrier in self.carrier | self.vans:
            self.assertIn(f'data-dm-id="{carrier.id}">{promises[carrier.id]}</span>', page.text)
        # Islands: the vans do not go there, only SEUR is promised.
        self.portal_user.partner_id.zip = "07001"
        self.assertEqual(list(cart._omni_carrier_promises(self.carrier | self.vans)), [self.carrier.id])

    def test_slot_routes(self):
        cart = self._cart(self.vans)
        slot = self._slot(self.zone_peninsula, 2)
        full = self._slot(self.zone_peninsula, 1, hours_ahead=72)
        full._omni_book()
        islands = self._slot(self.zone_canarias, 3)
        other_company = self.env["res.company"].create({"name": "Other chain"})
        foreign_zone = self.zone_peninsula.copy({"company_id": other_company.id})
        foreign = self._slot(foreign_zone, 3)
        listed = self.make_jsonrpc_request(SLOTS, {})
        self.assertEqual([s["id"] for s in listed["slots"]], [slot.id])
        self.assertEqual((listed["slots"][0]["remaining"], listed["selected"]), (2, False))
        self.assertEqual(
            self.url_open(SLOT, data={"slot_id": str(slot.id)}).status_code, 400
        )  # no CSRF token
        csrf = {"csrf_token": http.Request.csrf_token(self)}
        for value, status in (
            ("abc", 400),
            ("-1", 400),
            ("", 400),
            ("999999999", 404),
            (str(islands.id), 404),
            (str(foreign.id), 404),
            (str(full.id), 409),
        ):
            response = self.url_open(SLOT, data={"slot_id": value, **csrf})
            self.assertEqual(response.status_code, status, value)
            self.assertNotIn("Traceback", response.text)
        self.assertFalse(cart.omni_slot_wanted_id)
        response = self.url_open(SLOT, data={"slot_id": str(slot.id), **csrf})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["slot_id"], slot.id)
        self.assertEqual((cart.omni_slot_wanted_id, slot.booked), (slot, 0))  # booked at payment only
        self.assertEqual(self.make_jsonrpc_request(SLOTS, {})["selected"], slot.id)
        # SEUR has no slots: the picker is empty and the chosen slot is dropped.
        cart._set_delivery_method(self.carrier)
        self.assertEqual(
            (self.make_jsonrpc_request(SLOTS, {})["slots"], cart.omni_slot_wanted_id.id), ([], False)
        )
        self.assertEqual(self.url_open(SLOT, data={"slot_id": str(slot.id), **csrf}).status_code, 404)

    def test_slot_route_without_cart(self):
        self.authenticate(None, None)
        self.assertEqual(self.make_jsonrpc_request(SLOTS, {}), {"error": "Your cart is empty."})
        self.assertEqual(
            self.make_jsonrpc_request(SLOTS, {"dm_id": "x"})["error"], "Unknown or invalid record reference."
        )


@tagged("post_install", "-at_install")
class TestCheckoutSlotBooking(OmniCheckoutCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_checkout_setup()

    def _cart(self):
        order = self._order(self.customer_valencia, [(self.product_a, 1)], website=True)
        order.carrier_id = self.vans
        return order

    def test_full_or_past_slot_refused_before_payment(self):
        order = self._cart()
        slot = self._slot(self.zone_peninsula, 1)
        order._omni_set_wanted_slot(slot)
        order._check_cart_is_ready_to_be_paid()
        slot._omni_book()  # another shopper took the last place
        with self.assertRaisesRegex(ValidationError, "This slot is full"):
            order._check_cart_is_ready_to_be_paid()
        past = self._slot(self.zone_peninsula, 5, hours_ahead=-3)
        with self.assertUserError("already started"):
            order._omni_set_wanted_slot(past)
        islands = self._slot(self.zone_canarias, 5)
        with self.assertUserError("does not match"):
            order._omni_set_wanted_slot(islands)
        self.assertEqual(order.omni_slot_wanted_id, slot)
        order.carrier_id = self.carrier
        with self.assertUserError("has no slots"):
            order._omni_set_wanted_slot(slot)

    def test_confirmation_books_the_chosen_slot(self):
        order = self._cart()
        slot = self._slot(self.zone_peninsula, 2)
        order._omni_set_wanted_slot(slot)
        order.action_confirm()
        self.assertEqual(
            (order.state, order.omni_slot_id, slot.booked, order.omni_slot_issue), ("sale", slot, 1, False)
        )

    def test_paid_order_whose_slot_filled_gets_the_next_one(self):
        order = self._cart()
        slot = self._slot(self.zone_peninsula, 1)
        later = self._slot(self.zone_peninsula, 1, hours_ahead=96)
        order._omni_set_wanted_slot(slot)
        slot._omni_book()  # filled between the choice and the payment
        order.action_confirm()
        self.assertEqual((order.state, order.omni_slot_id, later.booked), ("sale", later, 1))
        self.assertIn("filled up before payment", "".join(order.message_ids.mapped("body")))

    def test_paid_order_without_any_free_slot_is_flagged_not_refused(self):
        order = self._cart()
        slot = self._slot(self.zone_peninsula, 1)
        order._omni_set_wanted_slot(slot)
        slot._omni_book()
        order.action_confirm()
        self.assertEqual((order.state, order.omni_slot_id.id, slot.booked), ("sale", False, 1))
        self.assertIn("give this order a slot", order.omni_slot_issue)
        self.assertEqual(self.env["sale.order"].search([("omni_slot_issue", "!=", False)]), order)

    def test_pickup_slots_of_the_chosen_store(self):
        in_store = self.env["delivery.carrier"].create(
            {
                "name": "Collect in store",
                "delivery_type": "in_store",
                "product_id": self.vans.product_id.id,
                "warehouse_ids": [(6, 0, (self.wh_valencia | self.wh_sevilla).ids)],
            }
        )
        order = self._order(
            self.customer_valencia, [(self.product_a, 1)], website=True, warehouse=self.wh_valencia
        )
        order.write(
            {
                "carrier_id": in_store.id,
                "pickup_location_data": {
                    "id": self.wh_valencia.id,
                    "name": "Aisle Valencia",
                    "street": "Calle Colón 1",
                    "city": "Valencia",
                    "zip_code": "46001",
                    "country_code": "ES",
                },
            }
        )
        store_slot = self._slot(self.zone_peninsula, 2, slot_type="pickup", warehouse_id=self.wh_valencia.id)
        other_store = self._slot(self.zone_peninsula, 2, slot_type="pickup", warehouse_id=self.wh_sevilla.id)
        van_slot = self._slot(self.zone_peninsula, 2)
        self.assertEqual(order._omni_checkout_slots(), store_slot)
        for wrong in (other_store, van_slot):
            with self.assertUserError("does not match"):
                order._omni_set_wanted_slot(wrong)
        order._omni_set_wanted_slot(store_slot)
        order.action_confirm()
        self.assertEqual((order.omni_slot_id, store_slot.booked, van_slot.booked), (store_slot, 1, 0))


@tagged("post_install", "-at_install")
class TestPromiseCache(OmniCheckoutCommon, TransactionCase):
    """The node, zone and carrier data of the promise are cached; every change shows at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_checkout_setup()

    def test_changes_invalidate_the_cached_promise_data(self):
        order = self._ship_order(self.customer_valencia, [(self.product_a, 1)])
        now = MONDAY_10
        self.assertEqual(order._omni_delivery_promise(now=now)["date"], MONDAY + DAY)
        with self.assertQueryCount(2):  # sourcing (nodes, availability); node data: cached
            order._omni_delivery_promise(now=now)
        self.wh_valencia.omni_prep_days = 1
        self.assertEqual(order._omni_delivery_promise(now=now)["date"], MONDAY + 2 * DAY)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Local holiday",
                "calendar_id": self.calendar.id,
                "date_from": dt.datetime(2026, 12, 7, 23, 0),
                "date_to": dt.datetime(2026, 12, 8, 22, 59),
            }
        )
        self.assertEqual(order._omni_delivery_promise(now=now)["date"], MONDAY + 3 * DAY)
        self.carrier.omni_transit_ids.filtered(lambda t: t.zone_id == self.zone_peninsula).transit_days = 2
        self.assertEqual(order._omni_delivery_promise(now=now)["date"], MONDAY + 4 * DAY)
        self.zone_baleares.zip_prefixes = "07,46"
        self.assertEqual(order._omni_delivery_promise(now=now)["zone"], "Balearic Islands")

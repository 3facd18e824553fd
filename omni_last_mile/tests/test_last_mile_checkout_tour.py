# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .test_last_mile_checkout import OmniCheckoutCommon


@tagged("post_install", "-at_install")
class TestCheckoutTour(OmniCheckoutCommon, HttpCase):
    """The product page promise and a van slot picked at checkout, paid with the demo provider."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_checkout_setup()
        cls.portal_user.partner_id.write(
            {
                "street": "Calle Colón 1",
                "city": "Valencia",
                "zip": "46002",
                "state_id": cls.env.ref("base.state_es_v").id,
                "country_id": cls.country_es.id,
                "email": "portal@example.com",
                "phone": "+34 600 000 000",
            }
        )
        cls.slot = cls._slot(cls.zone_peninsula, 1, hours_ahead=30)
        cls.later = cls._slot(cls.zone_peninsula, 3, hours_ahead=54)
        provider = cls.env["payment.provider"].search(
            [("code", "=", "demo"), ("company_id", "=", cls.company.id)], limit=1
        )
        provider.write({"state": "test", "is_published": True})
        cls.env["ir.config_parameter"].sudo().set_param("sale.automatic_invoice", False)
        cls.env["res.currency"].with_context(active_test=False).search(
            ["|", ("id", "=", cls.website.currency_id.id), ("name", "=", "EUR")]
        ).active = True

    def test_tour_promise_and_slot_through_payment(self):
        self.start_tour(self.product_a.website_url, "omni_last_mile_checkout_tour", login="aisle_portal")
        order = self.env["sale.order"].search(
            [("partner_id", "=", self.portal_user.partner_id.id)], order="id desc", limit=1
        )
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.carrier_id, self.vans)
        self.assertEqual((order.omni_slot_id, self.slot.booked, self.later.booked), (self.slot, 1, 0))
        self.assertEqual(order.omni_promise_date, order._omni_delivery_promise()["date"])

    def test_tour_promise_follows_the_variant(self):
        colour = self.env["product.attribute"].create(
            {
                "name": "Colour",
                "display_type": "radio",
                "create_variant": "always",
                "value_ids": [
                    (0, 0, {"name": "Red", "sequence": 1}),
                    (0, 0, {"name": "Blue", "sequence": 2}),
                ],
            }
        )
        template = self.env["product.template"].create(
            {
                "name": "Promise shirt",
                "is_storable": True,
                "is_published": True,
                "sale_ok": True,
                "list_price": 20.0,
                "attribute_line_ids": [
                    (0, 0, {"attribute_id": colour.id, "value_ids": [(6, 0, colour.value_ids.ids)]})
                ],
            }
        )
        red = template.product_variant_ids.filtered(
            lambda p: p.product_template_attribute_value_ids.name == "Red"
        )
        self._stock(red, self.wh_valencia, 4)
        self.start_tour(template.website_url, "omni_last_mile_variant_tour", login="aisle_portal")

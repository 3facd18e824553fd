# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import OmniLastMileCommon


@tagged("post_install", "-at_install")
class TestPortalReturnByPost(OmniLastMileCommon, HttpCase):
    """A customer sends part of a delivered web order back by post from the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_last_mile_setup()
        # Credit notes cannot be posted in an inactive currency.
        cls.env.ref("base.EUR").active = True
        cls._stock(cls.product_a, cls.wh_madrid, 10)
        cls._stock(cls.product_b, cls.wh_madrid, 10)
        cls.company.omni_return_post_instructions = "Drop the parcel at any Correos office."
        cls.user_a = new_test_user(
            cls.env, login="omni_return_a", password="omni_return_a", groups="base.group_portal"
        )
        cls.user_b = new_test_user(
            cls.env, login="omni_return_b", password="omni_return_b", groups="base.group_portal"
        )
        for user in cls.user_a | cls.user_b:
            user.partner_id.write(
                {"email": f"{user.login}@example.com", "zip": "46002", "country_id": cls.country_es.id}
            )
        cls.order = cls._delivered(cls.user_a.partner_id)

    @classmethod
    def _delivered(cls, partner):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "website_id": cls.website.id,
                "warehouse_id": cls.wh_madrid.id,
                "order_line": [
                    (0, 0, {"product_id": cls.product_a.id, "product_uom_qty": 3}),
                    (0, 0, {"product_id": cls.product_b.id, "product_uom_qty": 1}),
                ],
            }
        )
        order.action_confirm()
        for move in order.picking_ids.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        order.picking_ids.button_validate()
        return order

    def _line(self, product):
        return self.order.order_line.filtered(lambda sol: sol.product_id == product)

    def _url(self, order=None):
        return f"/my/orders/{(order or self.order).id}/omni_return"

    def _post(self, data, order=None):
        page = self.url_open(self._url(order))
        match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        token = match.group(1) if match else ""
        return self.url_open(self._url(order), data={"csrf_token": token, **data})

    def _returns(self):
        return self.env["omni.return"].search([("order_id", "=", self.order.id)])

    def test_return_by_post_refunded_when_received(self):
        self.authenticate("omni_return_a", "omni_return_a")
        portal = self.url_open(self.order.get_portal_url())
        self.assertIn(self._url(), portal.text)
        form = self.url_open(self._url())
        self.assertEqual(form.status_code, 200)
        self.assertIn(self.product_a.display_name, form.text)
        line_a = self._line(self.product_a)
        madrid_before = self.product_a.with_context(warehouse_id=self.wh_madrid.id).qty_available
        done = self._post({f"qty_{line_a.id}": "2", f"reason_{line_a.id}": "damaged"})
        self.assertEqual(done.status_code, 200)
        ret = self._returns()
        self.assertEqual((ret.return_mode, ret.state, ret.refund_method), ("post", "requested", "original"))
        self.assertIn(ret.label_ref, done.text)
        self.assertIn("Drop the parcel at any Correos office.", done.text)
        self.assertEqual(ret.line_ids.mapped("reason"), ["damaged"])
        self.assertEqual(ret.channel_id.channel_type, "website")
        picking = ret.picking_ids
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(picking.carrier_tracking_ref, ret.label_ref)
        self.assertEqual(picking.location_dest_id.warehouse_id, self.wh_madrid)
        self.assertFalse(ret.credit_note_id)
        self.assertEqual(self.order.omni_delivery_step, "return_requested")
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "sale.order"),
                ("res_id", "=", self.order.id),
                ("subject", "ilike", "how to send it"),
            ]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(ret.label_ref, mail.body_html)
        self.assertIn("Correos", mail.body_html)
        # The warehouse receives the parcel: the refund follows.
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(ret.state, "done")
        credit_note = ret.credit_note_id
        self.assertEqual((credit_note.move_type, credit_note.state), ("out_refund", "posted"))
        self.assertAlmostEqual(credit_note.amount_total, line_a.price_total * 2 / 3, places=2)
        self.assertAlmostEqual(ret.amount, credit_note.amount_total)
        self.assertEqual(self.order.omni_delivery_step, "returned")
        self.assertEqual(
            self.product_a.with_context(warehouse_id=self.wh_madrid.id).qty_available, madrid_before + 2
        )
        interaction = self.env["omni.interaction"].search(
            [("res_model", "=", "omni.return"), ("res_id", "=", ret.id)]
        )
        self.assertEqual(interaction.interaction_type, "refund")
        self.assertAlmostEqual(interaction.amount, -ret.amount)
        # One left: the form offers only that.
        self.assertEqual(self.env["omni.return"]._omni_returnable(self.order)[line_a][0], 1.0)

    def test_more_than_bought_or_pending_refused(self):
        self.authenticate("omni_return_a", "omni_return_a")
        line_a = self._line(self.product_a)
        too_many = self._post({f"qty_{line_a.id}": "4"})
        self.assertEqual(too_many.status_code, 400)
        self.assertIn("can still be returned", too_many.text)
        self.assertFalse(self._returns())
        self.assertEqual(self._post({f"qty_{line_a.id}": "2"}).status_code, 200)
        again = self._post({f"qty_{line_a.id}": "2"})
        self.assertEqual(again.status_code, 400)
        self.assertIn("Only 1.0", again.text)
        self.assertEqual(len(self._returns()), 1)

    @mute_logger("odoo.http")
    def test_another_customer_order_is_not_found(self):
        self.authenticate("omni_return_b", "omni_return_b")
        line_a = self._line(self.product_a)
        for response in (
            self.url_open(self._url()),
            self.url_open(self._url(), data={f"qty_{line_a.id}": "1"}),
        ):
            self.assertIn(response.status_code, (400, 403, 404))
            self.assertNotIn(self.order.name, response.text)
        own = self._delivered(self.user_b.partner_id)
        # B's own form never lists or takes A's lines.
        wrong_line = self._post({f"qty_{line_a.id}": "1"}, order=own)
        self.assertEqual(wrong_line.status_code, 400)
        self.assertIn("This line cannot be returned", wrong_line.text)
        self.assertFalse(self.env["omni.return"].search([("order_id", "in", (self.order | own).ids)]))
        self.authenticate(None, None)
        public = self.url_open(self._url(), allow_redirects=False)
        self.assertIn(public.status_code, (302, 303))

    @mute_logger("odoo.http")
    def test_hostile_form_values_refused(self):
        self.authenticate("omni_return_a", "omni_return_a")
        line_a = self._line(self.product_a)
        qty = f"qty_{line_a.id}"
        for data in (
            {qty: "abc"},
            {qty: "nan"},
            {qty: "inf"},
            {qty: "1e999"},
            {qty: "-1"},
            {qty: "9" * 25},
            {qty: "1", f"reason_{line_a.id}": "<script>alert(1)</script>"},
            {"qty_99999999": "1"},
            {"qty_0": "1"},
            {qty: "1", "refund_method": "ewallet"},
            {qty: "1", "refund_method": "cash"},
            {},
        ):
            response = self._post(data)
            self.assertEqual(response.status_code, 400, data)
            self.assertNotIn("<script>alert(1)</script>", response.text)
            self.assertNotIn("Traceback", response.text)
        self.assertFalse(self._returns())
        no_csrf = self.url_open(self._url(), data={qty: "1"})
        self.assertEqual(no_csrf.status_code, 400)
        for bad in ("0", "99999999999", "abc"):
            self.assertEqual(self.url_open(f"/my/orders/{bad}/omni_return").status_code, 404)
        self.assertFalse(self._returns())

# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import Command, http
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import OmniHelpdeskCommon


@tagged("post_install", "-at_install")
class TestPortalPurchasesProblem(OmniHelpdeskCommon, HttpCase):
    """*Report a problem* on each row of *My purchases* (web orders and store receipts)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order.action_confirm()
        cls.order_bea = cls.order.copy({"partner_id": cls.bea.id})
        cls.order_bea.action_confirm()
        cash = cls.env["account.journal"].search(
            [("type", "=", "cash"), ("company_id", "=", cls.company.id)], limit=1
        )
        method = cls.env["pos.payment.method"].create({"name": "Caja (test)", "journal_id": cash.id})
        cls.config = cls.env["pos.config"].create(
            {"name": "Tienda Sol (test)", "payment_method_ids": [Command.set(method.ids)]}
        )
        cls.config.open_ui()
        cls.receipt_ana = cls._store_sale(cls.ana)
        cls.receipt_bea = cls._store_sale(cls.bea)

    @classmethod
    def _store_sale(cls, partner):
        product = cls.order.order_line.product_id
        order = cls.env["pos.order"].create(
            {
                "session_id": cls.config.current_session_id.id,
                "partner_id": partner.id,
                "lines": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "qty": 1,
                            "price_unit": 30.0,
                            "price_subtotal": 30.0,
                            "price_subtotal_incl": 30.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
                "amount_tax": 0.0,
                "amount_total": 30.0,
                "amount_paid": 0.0,
                "amount_return": 0.0,
            }
        )
        cls.env["pos.make.payment"].with_context(active_id=order.id, active_ids=order.ids).create(
            {"amount": 30.0, "payment_method_id": cls.config.payment_method_ids.id}
        ).check()
        assert order.state == "paid", "a paid store receipt"
        return order

    def _links(self, page):
        return set(re.findall(r'href="(/my/purchases/problem/[^"]+)"', page.text))

    def _post_problem(self, kind, order_id, description):
        """The form's POST, as the browser sends it."""
        return self.url_open(
            "/my/purchases/problem",
            data={
                "kind": kind,
                "order_id": order_id,
                "description": description,
                "csrf_token": http.Request.csrf_token(self),
            },
            allow_redirects=False,
        )

    def test_row_link_opens_the_ticket_flow(self):
        self.authenticate(self.portal_ana.login, self.portal_ana.login)
        listing = self.url_open("/my/purchases")
        self.assertEqual(listing.status_code, 200)
        sale_url = f"/my/purchases/problem/sale/{self.order.id}"
        pos_url = f"/my/purchases/problem/pos/{self.receipt_ana.id}"
        self.assertEqual(self._links(listing), {sale_url, pos_url}, "one link per own row, none of Bea's")
        self.assertEqual(listing.text.count('class="omni_report_problem_link"'), 2)
        Ticket = self.env["helpdesk.ticket"]
        for url, kind, order, field in (
            (sale_url, "sale", self.order, "omni_sale_order_id"),
            (pos_url, "pos", self.receipt_ana, "omni_pos_order_id"),
        ):
            page = self.url_open(url)
            self.assertEqual(page.status_code, 200, url)
            self.assertIn('action="/my/purchases/problem"', page.text)
            self.assertIn(f'name="order_id" value="{order.id}"', page.text)
            self.assertIn(f'name="kind" value="{kind}"', page.text)
            response = self._post_problem(kind, order.id, "Falta una pieza")
            self.assertIn(response.status_code, (302, 303))
            ticket = Ticket.search([(field, "=", order.id)])
            self.assertEqual(len(ticket), 1)
            self.assertEqual(ticket.partner_id, self.ana)
            self.assertEqual(ticket.omni_started_channel_id.code, "website")

    @mute_logger("odoo.http")
    def test_other_customer_and_hostile_ids_are_refused(self):
        Ticket = self.env["helpdesk.ticket"]
        before = Ticket.search_count([])
        self.authenticate(self.portal_ana.login, self.portal_ana.login)
        for kind, order in (("sale", self.order_bea), ("pos", self.receipt_bea)):
            page = self.url_open(f"/my/purchases/problem/{kind}/{order.id}", allow_redirects=False)
            self.assertEqual(page.status_code, 404, kind)
            self.assertNotIn(order.name, page.text)
            response = self._post_problem(kind, order.id, "No es mío")
            self.assertEqual(response.status_code, 404, kind)
        hostile = ("abc", "-1", "0", "99999999999999999999", "99999999", "1e3", "%00", "1;DROP TABLE x")
        for kind in ("sale", "pos"):
            for order_id in hostile:
                page = self.url_open(f"/my/purchases/problem/{kind}/{order_id}", allow_redirects=False)
                self.assertEqual(page.status_code, 404, (kind, order_id))
        # an unknown kind, on the customer's own order
        self.assertEqual(
            self.url_open(f"/my/purchases/problem/x/{self.order.id}", allow_redirects=False).status_code, 404
        )
        self.assertEqual(Ticket.search_count([]), before, "nothing created")
        # logged out: to the login page, nothing shown
        self.authenticate(None, None)
        page = self.url_open(f"/my/purchases/problem/sale/{self.order.id}", allow_redirects=False)
        self.assertIn(page.status_code, (302, 303))
        self.assertIn("/web/login", page.headers["Location"])

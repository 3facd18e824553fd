# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user
from odoo.tools import SQL

GROUPS = 3
PER_GROUP = 5
CUSTOMERS_PER_GROUP = 12


class OmniRecommendCommon:
    """Planted tastes: 3 groups of 5 products; a group's customers buy its products.

    Half of each group buys on the website, half in the store; everybody buys
    the "popular" product. The model is trained once for the class.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.Channel = cls.env["omni.channel"]
        cls.Service = cls.env["omni.recommend.service"]
        cls.website = cls.env["website"].search([("company_id", "=", cls.company.id)], limit=1) or cls.env[
            "website"
        ].create({"name": "Omni web", "company_id": cls.company.id})
        cls.web_channel = cls.Channel._omni_for_website(cls.website)
        cls.sale_channel = cls.Channel._omni_get("sale")
        cash_journal = cls.env["account.journal"].search(
            [("type", "=", "cash"), ("company_id", "=", cls.company.id)], limit=1
        ) or cls.env["account.journal"].create({"name": "Rec cash", "type": "cash", "code": "RECSH"})
        cls.cash_method = cls.env["pos.payment.method"].create(
            {"name": "Rec cash", "journal_id": cash_journal.id, "company_id": cls.company.id}
        )
        cls.pos_config = cls.env["pos.config"].create(
            {"name": "Tienda Rec", "payment_method_ids": [Command.set(cls.cash_method.ids)]}
        )
        cls.pos_config.open_ui()
        cls.pos_session = cls.pos_config.current_session_id
        cls.pos_channel = cls.Channel._omni_for_pos_config(cls.pos_config)
        set_param = cls.env["ir.config_parameter"].sudo().set_param
        set_param("omni_recommend.factors", "8")
        set_param("omni_recommend.iterations", "15")
        set_param("omni_recommend.holdout_days", "0")
        vals = [
            {
                "name": f"Rec G{g} P{i}",
                "list_price": 10.0 + i,
                "sale_ok": True,
                "available_in_pos": True,
                "is_published": True,
                "type": "consu",
                "taxes_id": [Command.clear()],
            }
            for g in range(GROUPS)
            for i in range(PER_GROUP)
        ]
        vals.append(dict(vals[0], name="Rec Popular"))
        products = cls.env["product.product"].create(vals)
        cls.groups = [products[g * PER_GROUP : (g + 1) * PER_GROUP] for g in range(GROUPS)]
        cls.popular = products[-1]
        cls.products = products
        partners = cls.env["res.partner"].create(
            [{"name": f"Rec customer {g}-{n}"} for g in range(GROUPS) for n in range(CUSTOMERS_PER_GROUP)]
        )
        sale_vals, pos_vals = [], []
        for index, partner in enumerate(partners):
            group = cls.groups[index // CUSTOMERS_PER_GROUP]
            picks = [group[(index + k) % PER_GROUP] for k in range(3)] + [cls.popular]
            if index % 2:
                pos_vals.append(cls._pos_vals(partner, picks))
            else:
                sale_vals.append(cls._sale_vals(partner, picks))
        orders = cls.env["sale.order"].create(sale_vals)
        orders.write({"state": "sale"})
        tickets = cls.env["pos.order"].create(pos_vals)
        tickets.write({"state": "paid"})
        # The history is 60 days old; what the tests buy later is today.
        cls.env.flush_all()
        past = fields.Datetime.now() - timedelta(days=60)
        cls.env.cr.execute(SQL("UPDATE sale_order SET date_order = %s WHERE id = ANY(%s)", past, orders.ids))
        cls.env.cr.execute(SQL("UPDATE pos_order SET date_order = %s WHERE id = ANY(%s)", past, tickets.ids))
        cls.env.invalidate_all()
        cls.trained = cls.env["omni.recommend.model"]._omni_train(cls.company)
        cls.store_customer = cls.env["res.partner"].create(
            {"name": "Rec store-only", "email": "rs@example.com"}
        )
        cls.portal_user = new_test_user(
            cls.env, login="rec_portal", groups="base.group_portal", partner_id=cls.store_customer.id
        )
        cls.other_customer = cls.env["res.partner"].create({"name": "Rec someone else"})
        cls.cashier = new_test_user(
            cls.env, login="rec_cashier", groups="base.group_user,point_of_sale.group_pos_user"
        )
        cls.salesman = new_test_user(
            cls.env, login="rec_sales", groups="base.group_user,sales_team.group_sale_salesman"
        )
        cls.manager = new_test_user(
            cls.env,
            login="rec_mgr",
            groups="base.group_user,omni_customer.group_omni_manager,sales_team.group_sale_manager",
        )
        # After the training: the store purchase is folded in, not retrained.
        cls._pos_ticket(cls.store_customer, cls.groups[2][:2])

    @classmethod
    def _sale_vals(cls, partner, products):
        return {
            "partner_id": partner.id,
            "website_id": cls.website.id,
            "order_line": [
                Command.create({"product_id": p.id, "product_uom_qty": 1, "price_unit": p.list_price})
                for p in products
            ],
        }

    @classmethod
    def _pos_vals(cls, partner, products):
        total = (
            sum(products.mapped("list_price"))
            if hasattr(products, "mapped")
            else sum(p.list_price for p in products)
        )
        return {
            "session_id": cls.pos_session.id,
            "partner_id": partner.id,
            "lines": [
                Command.create(
                    {
                        "product_id": p.id,
                        "qty": 1,
                        "price_unit": p.list_price,
                        "price_subtotal": p.list_price,
                        "price_subtotal_incl": p.list_price,
                        "tax_ids": [Command.clear()],
                    }
                )
                for p in products
            ],
            "amount_tax": 0.0,
            "amount_total": total,
            "amount_paid": total,
            "amount_return": 0.0,
        }

    @classmethod
    def _pos_ticket(cls, partner, products):
        ticket = cls.env["pos.order"].create(cls._pos_vals(partner, products))
        ticket.write({"state": "paid"})
        return ticket

    @classmethod
    def _web_order(cls, partner, products):
        order = cls.env["sale.order"].create(cls._sale_vals(partner, products))
        order.write({"state": "sale"})
        return order

    def _top(self, partner, channel, limit=4, **kw):
        return self.Service._omni_recommend(partner, channel, limit, **kw)

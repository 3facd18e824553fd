# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager
from random import randint
from types import SimpleNamespace

from odoo.addons.point_of_sale.tests.common import TestPoSCommon
from odoo.exceptions import UserError
from odoo.tests import new_test_user

MADRID = (40.42, -3.70)
VALENCIA = (39.47, -0.38)
SEVILLA = (37.39, -5.98)


def pos_order_payload(env, config, lines, partner=None, payments=None, uuid=None):
    """The order a 18.0 till sends to ``pos.order.sync_from_ui``.

    Built by point_of_sale's own ``create_ui_order_data`` (the builder its
    tests use) for the open session of ``config``; ``lines`` are ``(product,
    qty)`` pairs, ``payments`` ``(payment_method, amount)`` pairs.
    """
    session = config.current_session_id
    builder = SimpleNamespace(
        env=env,
        config=config,
        pos_session=session,
        currency=session.currency_id,
        pricelist=config.pricelist_id,
        create_random_uid=lambda: "%05d-%03d-%04d" % (randint(1, 99999), randint(1, 999), randint(1, 9999)),
    )
    return TestPoSCommon.create_ui_order_data(builder, lines, customer=partner, payments=payments, uuid=uuid)


class OmniInventoryCommon:
    """A network of three nodes and storable products that cannot be oversold."""

    @classmethod
    def _omni_setup(cls):
        env = cls.env
        cls.company = env.company
        cls.country_es = env.ref("base.es")
        # Keep the test network to our three nodes.
        env["stock.warehouse"].search([]).write({"omni_in_network": False})
        cls.wh_madrid = env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.wh_madrid.write(
            {
                "omni_in_network": True,
                "omni_node_type": "warehouse",
                "omni_ships": True,
                "omni_latitude": MADRID[0],
                "omni_longitude": MADRID[1],
            }
        )
        cls.wh_valencia = cls._omni_node("Aisle Valencia", "AVL", VALENCIA, "46001")
        cls.wh_sevilla = cls._omni_node("Aisle Sevilla", "ASV", SEVILLA, "41001")
        cls.categ = env["product.category"].create({"name": "Endless aisle test"})
        cls.product_a, cls.product_b, cls.product_c = env["product.product"].create(
            [
                {
                    "name": f"Aisle product {letter}",
                    "is_storable": True,
                    "allow_out_of_stock_order": False,
                    "categ_id": cls.categ.id,
                    "list_price": 10.0,
                }
                for letter in "ABC"
            ]
        )
        cls.website = env["website"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.website_channel = env["omni.channel"]._omni_for_website(cls.website)
        cls.pos_channel = env["omni.channel"]._omni_get("pos")
        cls.sale_channel = env["omni.channel"]._omni_get("sale")
        cls.customer_valencia = env["res.partner"].create(
            {
                "name": "Lucía Valencia",
                "zip": "46002",
                "city": "Valencia",
                "country_id": cls.country_es.id,
            }
        )
        cls.customer_madrid = env["res.partner"].create(
            {"name": "Mario Madrid", "zip": "28001", "country_id": cls.country_es.id}
        )
        cls.omni_user = new_test_user(
            env,
            login="aisle_user",
            groups="sales_team.group_sale_salesman,stock.group_stock_user",
        )
        cls.omni_manager = new_test_user(
            env,
            login="aisle_manager",
            groups="sales_team.group_sale_manager,stock.group_stock_user,omni_customer.group_omni_manager",
        )
        cls.portal_user = new_test_user(env, login="aisle_portal", groups="base.group_portal")

    @contextmanager
    def assertUserError(self, message):
        """``assertRaises`` (rolls back to a savepoint) plus a message check."""
        with self.assertRaises(UserError) as cm:
            yield cm
        self.assertIn(message, str(cm.exception))

    @classmethod
    def _omni_node(cls, name, code, coordinates, zip_code, **vals):
        partner = cls.env["res.partner"].create(
            {"name": name, "zip": zip_code, "country_id": cls.env.ref("base.es").id}
        )
        return cls.env["stock.warehouse"].create(
            {
                "name": name,
                "code": code,
                "partner_id": partner.id,
                "omni_node_type": "store",
                "omni_ships": True,
                "omni_pickup": True,
                "omni_latitude": coordinates[0],
                "omni_longitude": coordinates[1],
                **vals,
            }
        )

    @classmethod
    def _stock(cls, product, warehouse, qty):
        cls.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, qty)

    def _order(self, partner, lines, website=False, warehouse=None):
        return self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "website_id": self.website.id if website else False,
                "warehouse_id": (warehouse or self.wh_madrid).id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": qty}) for product, qty in lines
                ],
            }
        )

    def _promisable(self, product, node, channel=None):
        data = self.env["omni.stock.availability"]._omni_get(product, node, channel=channel)
        return data[product.id]["nodes"][node.id]["promisable"]

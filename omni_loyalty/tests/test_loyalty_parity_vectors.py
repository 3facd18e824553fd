# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import re

from odoo import Command
from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon
from odoo.tests import tagged
from odoo.tools.misc import file_open

VECTORS_FILE = "omni_loyalty/static/tests/tours/omni_loyalty_parity_vectors.esm.js"


def load_vectors():
    with file_open(VECTORS_FILE) as handle:
        text = handle.read()
    body = re.search(
        r"PARITY-VECTORS-BEGIN \*/\s*export const PARITY_VECTORS = (.*?);\s*/\* PARITY-VECTORS-END",
        text,
        re.S,
    )
    return json.loads(body.group(1))


@tagged("post_install", "-at_install")
class TestParityVectors(TestPointOfSaleHttpCommon):
    """The same table of carts, evaluated by the website (Python) and the POS (JS)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(su=True)
        cls.vectors = load_vectors()
        cls.parity_products = {}
        for vector in cls.vectors:
            for line in vector["lines"]:
                if line["product"] not in cls.parity_products:
                    cls.parity_products[line["product"]] = env["product.product"].create(
                        {
                            "name": line["product"],
                            "list_price": line["price"],
                            "available_in_pos": True,
                            "taxes_id": [Command.clear()],
                        }
                    )
                    cls.parity_products[line["product"]].taxes_id = False
        # Auto programs of the other test data must not interfere with the table.
        env["loyalty.program"].search([]).write({"active": False})
        for vector in cls.vectors:
            spec = vector["program"]
            if not spec:
                continue
            product = cls.parity_products[spec["product"]]
            reward = dict(spec["reward"])
            if reward["discount_applicability"] == "specific":
                reward["discount_product_ids"] = [Command.set(product.ids)]
            env["loyalty.program"].create(
                {
                    "name": spec["name"],
                    "program_type": "promotion",
                    "trigger": "auto",
                    "applies_on": "current",
                    "rule_ids": [
                        Command.create(
                            {
                                "product_ids": [Command.set(product.ids)],
                                "minimum_qty": spec["minimum_qty"],
                                "reward_point_mode": "order",
                                "reward_point_amount": 1,
                            }
                        )
                    ],
                    "reward_ids": [Command.create(dict(reward, required_points=1))],
                }
            )

    def test_vectors_python_website_evaluation(self):
        env = self.env(su=True)
        website = env["website"].create({"name": "Parity web", "company_id": env.company.id})
        partner = env["res.partner"].create({"name": "Parity customer"})
        for vector in self.vectors:
            order = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "website_id": website.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.parity_products[line["product"]].id,
                                "product_uom_qty": line["qty"],
                                "price_unit": line["price"],
                            }
                        )
                        for line in vector["lines"]
                    ],
                }
            )
            # What the website cart does on every change.
            order._update_programs_and_rewards()
            order._auto_apply_rewards()
            detail = [(line.name, line.price_unit, line.product_uom_qty) for line in order.order_line]
            self.assertAlmostEqual(
                order.amount_total, vector["total"], places=2, msg=f"{vector['name']}: {detail}"
            )

    def test_vectors_pos_js_evaluation(self):
        self.start_pos_tour("omni_loyalty_parity_tour", login="pos_user")

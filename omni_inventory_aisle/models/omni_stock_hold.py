# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare
from odoo.tools.sql import create_index

MAX_QTY = 1_000_000
ACTIVE_STATES = ("soft", "hard")


class OmniStockHold(models.Model):
    """Ledger of units promised to a document, shared by every channel."""

    _name = "omni.stock.hold"
    _description = "Stock hold"
    _order = "id desc"
    _check_company_auto = True

    product_id = fields.Many2one(
        "product.product", required=True, index=True, ondelete="cascade", check_company=True
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse", string="Node", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="warehouse_id.company_id", store=True, index=True, string="Company")
    quantity = fields.Float(digits="Product Unit of Measure", required=True)
    state = fields.Selection(
        [
            ("soft", "Soft hold"),
            ("hard", "Reservation"),
            ("consumed", "Consumed"),
            ("released", "Released"),
        ],
        default="soft",
        required=True,
        index=True,
    )
    channel_id = fields.Many2one("omni.channel", string="Channel", index=True)
    expires_at = fields.Datetime(string="Expires", index="btree_not_null")
    res_model = fields.Char(string="Document model", required=True, index=True)
    res_id = fields.Many2oneReference(string="Document", model_field="res_model", required=True, index=True)
    reference = fields.Char()
    partner_id = fields.Many2one("res.partner", string="Customer", index="btree_not_null")
    release_reason = fields.Char()

    _sql_constraints = [
        ("quantity_positive", "CHECK(quantity > 0)", "A hold must be for a positive quantity."),
    ]

    def init(self):
        # The availability query filters active holds per product x node.
        create_index(
            self.env.cr,
            "omni_stock_hold_active_idx",
            self._table,
            ["product_id", "warehouse_id"],
            where="state IN ('soft', 'hard')",
        )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _omni_validate(self, quantities):
        """Check ``{(product_id, warehouse_id): qty}``; return (products, nodes)."""
        if not quantities:
            raise UserError(self.env._("Nothing to hold."))
        product_ids, node_ids = set(), set()
        for key, qty in quantities.items():
            if not isinstance(key, tuple) or len(key) != 2:
                raise UserError(self.env._("A hold needs a product and a node."))
            product_id, node_id = key
            if not isinstance(product_id, int) or not isinstance(node_id, int):
                raise UserError(self.env._("Product and node must be given by id."))
            if not isinstance(qty, (int, float)) or isinstance(qty, bool) or not math.isfinite(qty):
                raise UserError(self.env._("The quantity must be a number."))
            if qty <= 0:
                raise UserError(self.env._("The quantity must be positive, got %(qty)s.", qty=qty))
            if qty > MAX_QTY:
                raise UserError(
                    self.env._(
                        "The quantity %(qty)s is larger than allowed (%(max)s).",
                        qty=qty,
                        max=MAX_QTY,
                    )
                )
            product_ids.add(product_id)
            node_ids.add(node_id)
        products = self.env["product.product"].browse(sorted(product_ids)).exists()
        missing = product_ids - set(products.ids)
        if missing:
            raise UserError(
                self.env._("Unknown product id(s): %(ids)s.", ids=", ".join(map(str, sorted(missing))))
            )
        nodes = self.env["stock.warehouse"].search(
            [("id", "in", sorted(node_ids)), ("omni_in_network", "=", True)]
        )
        missing = node_ids - set(nodes.ids)
        if missing:
            raise UserError(
                self.env._(
                    "Unknown or inactive node id(s): %(ids)s.",
                    ids=", ".join(map(str, sorted(missing))),
                )
            )
        return products, nodes

    @api.model
    def _omni_shortages(self, document, quantities, products, nodes, channel=None):
        """Lines of ``quantities`` that cannot be promised (holds of ``document`` aside)."""
        availability = self.env["omni.stock.availability"]._omni_get(
            products, nodes, channel=channel, exclude=(document._name, document.ids)
        )
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        shortages = {}
        for (product_id, node_id), qty in quantities.items():
            promisable = availability[product_id]["nodes"][node_id]["promisable"]
            if float_compare(qty, promisable, precision_digits=precision) > 0:
                shortages[(product_id, node_id)] = max(promisable, 0.0)
        return shortages

    @api.model
    def _omni_shortage_text(self, quantities, shortages, products, nodes):
        return "\n".join(
            self.env._(
                "%(product)s: %(qty)s requested, %(promisable)s available in %(node)s",
                product=products.browse(product_id).display_name,
                qty=quantities[(product_id, node_id)],
                promisable=promisable,
                node=nodes.browse(node_id).name,
            )
            for (product_id, node_id), promisable in shortages.items()
        )

    @api.model
    def _omni_set_holds(self, document, quantities, state="soft", channel=None, partner=None, cap=False):
        """Replace the active holds of ``document`` with ``quantities``.

        ``quantities`` is ``{(product_id, warehouse_id): qty}``. A reservation
        (``state="hard"``, the final take of an order) locks the product x node
        pairs first; a soft hold (a cart) takes no lock, so carts never wait on
        each other. Every quantity is checked against what can be promised
        (holds of other documents and channel safety stock included): a
        shortage raises ``UserError`` without writing anything, or, with
        ``cap=True`` (carts), holds only what is left.
        """
        document.ensure_one()
        products, nodes = self._omni_validate(quantities)
        if state != "soft":
            self.env["omni.stock.take.lock"]._omni_acquire(list(quantities))
        shortages = self._omni_shortages(document, quantities, products, nodes, channel=channel)
        if shortages and not cap:
            raise UserError(
                self.env._(
                    "Not enough stock to promise:\n%(lines)s",
                    lines=self._omni_shortage_text(quantities, shortages, products, nodes),
                )
            )
        quantities = {key: min(qty, shortages.get(key, qty)) for key, qty in quantities.items()}
        self._omni_release(document, reason=self.env._("replaced"))
        return self._omni_create_holds(document, quantities, state, channel, partner)

    @api.model
    def _omni_take_sold(self, document, quantities, channel=None, partner=None):
        """Reserve units a till has already sold: never refused.

        A paid POS order is a fact. The take locks the pairs like any final
        take (so a concurrent web confirmation sees it) but checks nothing:
        what it takes from other promises is settled on the promise side
        (``pos.order._omni_settle_conflicts``).
        """
        document.ensure_one()
        self._omni_validate(quantities)
        self.env["omni.stock.take.lock"]._omni_acquire(list(quantities))
        self._omni_release(document, reason=self.env._("replaced"))
        return self._omni_create_holds(document, quantities, "hard", channel, partner)

    @api.model
    def _omni_create_holds(self, document, quantities, state, channel, partner):
        expires_at = False
        if state == "soft":
            ttl = self.env.company.omni_hold_ttl_minutes or 30
            expires_at = fields.Datetime.now() + timedelta(minutes=ttl)
        # sudo: the ledger is written only through these services; users read it.
        return self.sudo().create(
            [
                {
                    "product_id": product_id,
                    "warehouse_id": node_id,
                    "quantity": qty,
                    "state": state,
                    "channel_id": channel.id if channel else False,
                    "expires_at": expires_at,
                    "res_model": document._name,
                    "res_id": document.id,
                    "reference": document.display_name,
                    "partner_id": partner.id if partner else False,
                }
                for (product_id, node_id), qty in sorted(quantities.items())
                if qty > 0
            ]
        )

    @api.model
    def _omni_holds_of(self, documents):
        # sudo: the services release and consume what they find; users only read the ledger.
        return self.sudo().search(
            [
                ("res_model", "=", documents._name),
                ("res_id", "in", documents.ids),
                ("state", "in", ACTIVE_STATES),
            ]
        )

    @api.model
    def _omni_release(self, documents, reason=None):
        holds = self._omni_holds_of(documents)
        holds.write({"state": "released", "release_reason": reason or False})
        return holds

    def _omni_consume_covered(self, moves):
        """Hard holds whose units moves now reserve or moved are consumed.

        Once a move reserves the quants, keeping the hold would count the
        units twice; what the moves do not cover yet stays held.
        """
        covering = moves.filtered(lambda m: m.state in ("assigned", "partially_available", "done"))
        for hold in self.filtered(lambda h: h.state == "hard"):
            covered = sum(
                move.product_uom._compute_quantity(move.quantity, move.product_id.uom_id)
                for move in covering
                if move.product_id == hold.product_id and move.location_id.warehouse_id == hold.warehouse_id
            )
            if covered >= hold.quantity:
                hold.state = "consumed"
            elif covered > 0:
                hold.quantity -= covered

    def action_release(self):
        self.filtered(lambda h: h.state in ACTIVE_STATES).write(
            {"state": "released", "release_reason": self.env._("released by hand")}
        )

    @api.model
    def _cron_expire_holds(self, limit=1000):
        """Release expired soft holds, one batch per call."""
        domain = [("state", "=", "soft"), ("expires_at", "<", fields.Datetime.now())]
        holds = self.search(domain, limit=limit, order="expires_at")
        holds.write({"state": "released", "release_reason": self.env._("expired")})
        remaining = self.search_count(domain) if len(holds) == limit else 0
        self.env["ir.cron"]._notify_progress(done=len(holds), remaining=remaining)
        return holds

# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading
from collections import OrderedDict

from odoo import api, models
from odoo.osv import expression
from odoo.tools import SQL

from ..tools import engine

# Loaded models per (database, attachment, checksum): a worker reads a model once.
_BUNDLES = OrderedDict()
_BUNDLES_LOCK = threading.Lock()
_BUNDLES_MAX = 8
POS_STATES = ("paid", "done", "invoiced")
CANDIDATES = 200


class OmniRecommendService(models.AbstractModel):
    """The one recommendation service every surface reads.

    ``_omni_recommend(partner, channel, limit, context_product)``: the website
    snippet, the JSON route, the POS, the partner form and the sale order all
    call it, so they all show the same list for the same customer.
    """

    _name = "omni.recommend.service"
    _description = "Recommendation service"

    # ------------------------------------------------------------------ data
    @api.model
    def _omni_rows(self, company, partner_ids=None, max_age_days=730):
        """Signal rows ``(partner, product, signal, qty, age_days, segment)`` of the golden customers.

        One SQL aggregation over sale lines (confirmed: ``order``; website carts:
        ``cart``), POS lines of identified customers (``pos``; negative lines:
        ``return``), posted credit notes that are not POS refunds (``return``)
        and product views tied to a partner through the visitor (``view``).
        Customers are commercial partners, so a merged customer's re-pointed
        history counts once, on the survivor.
        """
        for model in (
            "sale.order",
            "sale.order.line",
            "pos.order",
            "pos.order.line",
            "account.move",
            "account.move.line",
            "website.track",
            "website.visitor",
            "res.partner",
        ):
            self.env[model].flush_model()
        only = SQL("AND p.commercial_partner_id = ANY(%s)", list(partner_ids)) if partner_ids else SQL()
        query = SQL(
            """
            WITH lines AS (
                SELECT p.commercial_partner_id AS partner_id, l.product_id,
                       CASE WHEN o.state = 'sale' THEN 'order' ELSE 'cart' END AS signal,
                       l.product_uom_qty AS qty, o.date_order AS date,
                       CASE WHEN o.website_id IS NOT NULL THEN -(o.website_id + 1) END AS segment
                  FROM sale_order_line l
                  JOIN sale_order o ON o.id = l.order_id
                  JOIN res_partner p ON p.id = o.partner_id
                 WHERE o.company_id = %(company)s AND l.product_id IS NOT NULL AND l.display_type IS NULL
                   AND (o.state = 'sale' OR (o.state = 'draft' AND o.website_id IS NOT NULL))
                   AND l.product_uom_qty > 0 %(only)s
             UNION ALL
                SELECT p.commercial_partner_id, l.product_id,
                       CASE WHEN l.qty < 0 THEN 'return' ELSE 'pos' END, ABS(l.qty), o.date_order, s.config_id
                  FROM pos_order_line l
                  JOIN pos_order o ON o.id = l.order_id
                  JOIN pos_session s ON s.id = o.session_id
                  JOIN res_partner p ON p.id = o.partner_id
                 WHERE o.company_id = %(company)s AND o.state IN %(pos_states)s AND l.qty != 0 %(only)s
             UNION ALL
                SELECT p.commercial_partner_id, aml.product_id, 'return', ABS(aml.quantity),
                       am.date::timestamp, NULL
                  FROM account_move_line aml
                  JOIN account_move am ON am.id = aml.move_id
                  JOIN res_partner p ON p.id = am.partner_id
                 WHERE am.company_id = %(company)s AND am.move_type = 'out_refund' AND am.state = 'posted'
                   AND aml.display_type = 'product' AND aml.product_id IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM pos_order po WHERE po.account_move = am.id) %(only)s
             UNION ALL
                SELECT p.commercial_partner_id, t.product_id, 'view', 1, t.visit_datetime, NULL
                  FROM website_track t
                  JOIN website_visitor v ON v.id = t.visitor_id
                  JOIN website w ON w.id = v.website_id
                  JOIN res_partner p ON p.id = v.partner_id
                 WHERE w.company_id = %(company)s AND t.product_id IS NOT NULL %(only)s
            )
            SELECT partner_id, product_id, signal, SUM(qty),
                   FLOOR(EXTRACT(EPOCH FROM (NOW() AT TIME ZONE 'UTC' - date)) / 86400) AS age, segment
              FROM lines
             WHERE date >= (NOW() AT TIME ZONE 'UTC') - make_interval(days => %(max_age)s)
          GROUP BY partner_id, product_id, signal, age, segment
            """,
            company=company.id,
            only=only,
            pos_states=POS_STATES,
            max_age=int(max_age_days),
        )
        self.env.cr.execute(query)
        return [(p, i, sig, float(q), float(age), seg) for p, i, sig, q, age, seg in self.env.cr.fetchall()]

    @api.model
    def _omni_baskets(self, company, max_age_days=730):
        """Product sets of every order and POS ticket (anonymous tickets too: a basket needs no name)."""
        self.env.cr.execute(
            SQL(
                """
                SELECT ARRAY_AGG(DISTINCT l.product_id)
                  FROM sale_order_line l JOIN sale_order o ON o.id = l.order_id
                 WHERE o.company_id = %(company)s AND o.state = 'sale' AND l.product_id IS NOT NULL
                   AND l.display_type IS NULL
                   AND o.date_order >= (NOW() AT TIME ZONE 'UTC') - make_interval(days => %(max_age)s)
              GROUP BY l.order_id HAVING COUNT(DISTINCT l.product_id) > 1
             UNION ALL
                SELECT ARRAY_AGG(DISTINCT l.product_id)
                  FROM pos_order_line l JOIN pos_order o ON o.id = l.order_id
                 WHERE o.company_id = %(company)s AND o.state IN %(pos_states)s AND l.qty > 0
                   AND o.date_order >= (NOW() AT TIME ZONE 'UTC') - make_interval(days => %(max_age)s)
              GROUP BY l.order_id HAVING COUNT(DISTINCT l.product_id) > 1
                """,
                company=company.id,
                pos_states=POS_STATES,
                max_age=int(max_age_days),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    # ------------------------------------------------------------------ model
    @api.model
    def _omni_bundle(self, company):
        """The serving model of the company (the latest successful run), or ``None``."""
        run = self.env["omni.recommend.model"].sudo()._omni_current(company)
        # sudo: every visitor is served by the model; the file is not theirs to read.
        attachment = run.attachment_id.sudo()
        if not attachment:
            return None
        key = (self.env.cr.dbname, attachment.id, attachment.checksum)
        with _BUNDLES_LOCK:
            bundle = _BUNDLES.get(key)
            if bundle is not None:
                _BUNDLES.move_to_end(key)
                return bundle
        bundle = engine.Bundle.loads(attachment.raw)
        with _BUNDLES_LOCK:
            _BUNDLES[key] = bundle
            while len(_BUNDLES) > _BUNDLES_MAX:
                _BUNDLES.popitem(last=False)
        return bundle

    # ------------------------------------------------------------------ rules
    @api.model
    def _omni_channel_domain(self, channel, company):
        domain = [("sale_ok", "=", True), ("company_id", "in", [False, company.id])]
        if channel and channel.channel_type == "website":
            domain = expression.AND([domain, [("website_published", "=", True)]])
            if channel.website_id:
                domain = expression.AND([domain, channel.website_id.website_domain()])
        elif channel and channel.channel_type == "pos":
            domain = expression.AND([domain, [("available_in_pos", "=", True)]])
        return domain

    @api.model
    def _omni_sellable(self, product_ids, channel, company):
        """The subset of ``product_ids`` the channel can sell now: its rules, then promisable stock."""
        if not product_ids:
            return set()
        # sudo: the rules are checked here, for visitors that cannot read every product field.
        Product = self.env["product.product"].sudo().with_company(company)
        domain = expression.AND(
            [[("id", "in", list(product_ids))], self._omni_channel_domain(channel, company)]
        )
        products = Product.search_fetch(domain, ["is_storable"])
        storable = products.filtered("is_storable")
        if not storable:
            return set(products.ids)
        if "omni.stock.availability" in self.env:
            data = self.env["omni.stock.availability"].sudo()._omni_get(storable, channel=channel)
            short = {pid for pid, values in data.items() if values["total"] <= 0}
        else:
            short = {p.id for p in storable if p.free_qty <= 0}
        return set(products.ids) - short

    @api.model
    def _omni_personalised(self, partner):
        if not partner or partner == self.env.ref("base.public_partner", raise_if_not_found=False):
            return False
        return self.env["omni.consent"]._omni_personalisation_allowed(partner)

    @api.model
    def _omni_segment(self, channel):
        if channel and channel.pos_config_id:
            return channel.pos_config_id.id
        if channel and channel.website_id:
            return -(channel.website_id.id + 1)
        return None

    # ------------------------------------------------------------------ serving
    @api.model
    def _omni_recommend_details(self, partner, channel, limit=8, context_product=None, exclude=()):
        """``{"products": product.product, "source": personal|also_bought|popular|none}``."""
        Product = self.env["product.product"]
        limit = max(0, min(int(limit or 0), 50))
        company = (channel.company_id if channel else None) or self.env.company
        bundle = self._omni_bundle(company)
        if not bundle or not limit:
            return {"products": Product, "source": "none"}
        partner = partner.commercial_partner_id if partner else partner
        personalised = self._omni_personalised(partner)
        rows = []
        if personalised:
            rows = [r[:5] for r in self._omni_rows(company, partner_ids=[partner.id])]
        segment = self._omni_segment(channel)
        context_item = context_product.id if context_product else None
        pool = list(bundle.popular_for(segment)[:CANDIDATES])
        if personalised and rows:
            pool += bundle.for_you(bundle.fold_in(rows)[0], CANDIDATES)
        if context_item is not None:
            pool += bundle.also_bought(context_item, CANDIDATES)
        owned = {r[1] for r in rows if r[2] in ("order", "pos")}
        durable = set()
        if owned:
            durable = set(
                Product.sudo().search([("id", "in", list(owned)), ("categ_id.omni_durable", "=", True)]).ids
            )
        items, source = bundle.recommend(
            rows,
            limit,
            segment=segment,
            personalised=personalised,
            context_item=context_item,
            sellable=self._omni_sellable(set(pool), channel, company),
            durable=durable,
            exclude=set(exclude),
        )
        return {"products": Product.browse(items), "source": source if items else "none"}

    @api.model
    def _omni_recommend(self, partner, channel, limit=8, context_product=None):
        """The products to show ``partner`` in ``channel`` (an ``omni.channel``), best first."""
        return self._omni_recommend_details(partner, channel, limit, context_product)["products"]

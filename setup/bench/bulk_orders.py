"""Bulk order history for the benchmarks: millions of sale and POS order lines in minutes.

Each channel's orders are cloned in SQL (``INSERT … SELECT … FROM generate_series``) from
one real order the demo chain created through the ORM: every column the installed
modules added is copied from that order, and only what makes an order itself is set
per row (customer, date, name, products, quantities, prices, totals). Each order also
gets the interaction omni_customer would have logged for it, so RFM, customer 360 and
recommendations read a consistent history. Half the lines go to sale orders (web
and back office), half to POS tickets; 1 to 4 lines per order.

    python3 setup/demo/generate.py -c CONF -d DB --bench-order-lines 5000000
"""

import time


def _columns(cr, table):
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = %s
         ORDER BY ordinal_position""",
        (table,),
    )
    return [row[0] for row in cr.fetchall()]


def _unique_columns(cr, table):
    """The columns of ``table`` that a unique index covers alone."""
    cr.execute(
        """SELECT a.attname
             FROM pg_index i
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
            WHERE i.indrelid = %s::regclass AND i.indisunique AND i.indnatts = 1""",
        (table,),
    )
    return {row[0] for row in cr.fetchall()}


def _clone(cr, table, source_sql, overrides, params):
    """INSERT INTO table: the template row ``t`` for every column, ``overrides`` (SQL
    expressions over the source) where given; ``id`` only when given."""
    columns = [col for col in _columns(cr, table) if col != "id" or "id" in overrides]
    unknown = set(overrides) - set(columns)
    if unknown:
        raise ValueError(f"{table} has no column {sorted(unknown)}")
    # A column unique on its own (a tracking or access token) cannot be copied: left empty.
    unique = {col for col in _unique_columns(cr, table) if col != "id" and col not in overrides}
    select = ", ".join("NULL" if col in unique else overrides.get(col, f't."{col}"') for col in columns)
    names = ", ".join(f'"{col}"' for col in columns)
    cr.execute(f"INSERT INTO {table} ({names}) SELECT {select} FROM {source_sql}", params)
    return cr.rowcount


def _pools(cr, company_id):
    """Numbered customers and products to draw from (a hash join on a random number)."""
    cr.execute(
        """DROP TABLE IF EXISTS bench_customer_pool, bench_product_pool;
           CREATE TEMP TABLE bench_customer_pool AS
           SELECT row_number() OVER (ORDER BY id) AS n, id
             FROM res_partner
            WHERE active AND NOT is_company AND type = 'contact' AND id NOT IN (
                  SELECT partner_id FROM res_users UNION SELECT partner_id FROM res_company);
           CREATE TEMP TABLE bench_product_pool AS
           SELECT row_number() OVER (ORDER BY pp.id) AS n, pp.id, pt.list_price AS price,
                  pt.name->>'en_US' AS name, pt.uom_id
             FROM product_product pp JOIN product_template pt ON pt.id = pp.product_tmpl_id
            WHERE pp.active AND pt.sale_ok AND pt.type = 'consu' AND pt.list_price > 0
              AND (pt.company_id IS NULL OR pt.company_id = %s);
           CREATE UNIQUE INDEX ON bench_customer_pool (n);
           CREATE UNIQUE INDEX ON bench_product_pool (n);
           ANALYZE bench_customer_pool; ANALYZE bench_product_pool;""",
        (company_id,),
    )
    cr.execute("SELECT (SELECT count(*) FROM bench_customer_pool), (SELECT count(*) FROM bench_product_pool)")
    return cr.fetchone()


def _reserve_ids(cr, table, count):
    """The first of ``count`` consecutive ids taken from the table's sequence."""
    cr.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", (table,))
    first = cr.fetchone()[0]
    cr.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", (table, first + count - 1))
    return first


def _plan(cr, orders, products):
    """The lines of ``orders`` orders (1 + g % 4 each, g the order's number), their
    products, quantities and amounts (21 % IVA), and each order's totals: orders are
    then written once, with their totals, and no row is updated afterwards."""
    cr.execute(
        """DROP TABLE IF EXISTS bench_plan, bench_plan_totals;
           CREATE TEMP TABLE bench_plan AS
           SELECT r.g, p.id AS product_id, p.uom_id, p.name, p.price, r.qty,
                  round(p.price * r.qty, 2) AS subtotal, round(p.price * r.qty * 1.21, 2) AS total
             FROM (SELECT g, 1 + floor(random() * %(products)s)::int AS pick,
                          1 + floor(random() * 3)::int AS qty
                     FROM generate_series(1, %(orders)s) g
                    CROSS JOIN LATERAL generate_series(1, 1 + g %% 4) k) r
             JOIN bench_product_pool p ON p.n = r.pick;
           CREATE TEMP TABLE bench_plan_totals AS
           SELECT g, sum(subtotal) AS untaxed, sum(total) AS total FROM bench_plan GROUP BY g;
           CREATE UNIQUE INDEX ON bench_plan_totals (g);
           ANALYZE bench_plan; ANALYZE bench_plan_totals;""",
        {"orders": orders, "products": products},
    )


def _log_interactions(env, model, table, template, after):
    """The interaction omni_customer logs for each new order: the template's channel and
    type when it was logged, else the channel omni_customer gives the order's POS."""
    cr = env.cr
    cr.execute(
        """SELECT channel_id, interaction_type FROM omni_interaction
            WHERE res_model = %s AND res_id = %s LIMIT 1""",
        (model, template.id),
    )
    row = cr.fetchone()
    if not row and model == "pos.order":
        row = (env["omni.channel"]._omni_for_pos_config(template.config_id).id, "pos_order")
    if not row:
        return 0
    channel = env["omni.channel"].browse(row[0])
    cr.execute(
        f"""INSERT INTO omni_interaction (partner_id, channel_id, channel_type, interaction_type, date,
                   amount, currency_id, company_id, res_model, res_id, reference, create_date, write_date)
            SELECT o.partner_id, %s, %s, %s, o.date_order, o.amount_total, c.currency_id, o.company_id,
                   %s, o.id, o.name, now() at time zone 'utc', now() at time zone 'utc'
              FROM {table} o JOIN res_company c ON c.id = o.company_id
             WHERE o.id > %s AND o.partner_id IS NOT NULL""",
        (channel.id, channel.channel_type, row[1], model, after),
    )
    return cr.rowcount


def load_orders(env, lines, web_share=0.5):
    """About ``lines`` order lines (half sale, half POS) for the benchmarks."""
    cr = env.cr
    company = env.ref("base.main_company")
    customers, products = _pools(cr, company.id)
    if not customers or not products:
        raise ValueError("bulk orders need customers and sellable products: generate the demo chain first")
    started = time.time()
    per_order = 2.5  # 1 + id % 4 lines: 1, 2, 3, 4
    totals = {}
    sale_count = 0
    # Templates: the newest orders omni_customer logged (the demo chain's), one per
    # sale channel and one per store, so the clones spread over every POS.
    cr.execute(
        """SELECT DISTINCT ON (o.website_id IS NOT NULL) o.website_id IS NOT NULL, o.id
             FROM sale_order o
             JOIN omni_interaction i ON i.res_model = 'sale.order' AND i.res_id = o.id
            WHERE o.state = 'sale' AND o.company_id = %s
              AND EXISTS (SELECT 1 FROM sale_order_line l WHERE l.order_id = o.id AND l.display_type IS NULL)
         ORDER BY o.website_id IS NOT NULL, o.id DESC""",
        (company.id,),
    )
    templates = {("web" if web else "office"): env["sale.order"].browse(oid) for web, oid in cr.fetchall()}
    cr.execute(
        """SELECT DISTINCT ON (o.config_id) o.id
             FROM pos_order o
            WHERE o.state IN ('paid', 'done') AND o.company_id = %s
              AND EXISTS (SELECT 1 FROM pos_order_line l WHERE l.order_id = o.id)
              -- stores whose tickets omni_customer logs (not Odoo's own demo shops)
              AND EXISTS (SELECT 1 FROM pos_order o2
                            JOIN omni_interaction i ON i.res_model = 'pos.order' AND i.res_id = o2.id
                           WHERE o2.config_id = o.config_id)
         ORDER BY o.config_id, o.id DESC""",
        (company.id,),
    )
    pos_templates = env["pos.order"].browse([row[0] for row in cr.fetchall()])
    if len(templates) < 2 or not pos_templates:
        raise ValueError("bulk orders clone the demo chain's orders: generate the demo chain first")
    cr.execute("DROP TABLE IF EXISTS bench_plan, bench_plan_totals")
    sale_lines = lines // 2
    pos_lines = lines - sale_lines
    pick_customer = f"1 + floor(random() * {customers})::int"
    when = "(now() at time zone 'utc') - random() * interval '365 days'"
    orders_sql = """{table} t,
        (SELECT g, {pick} AS pick, {when} AS d, random() < %(known)s AS known
           FROM generate_series(1, %(n)s) g) r
        JOIN bench_customer_pool c ON c.n = r.pick
        JOIN bench_plan_totals pt ON pt.g = r.g
       WHERE t.id = %(tpl)s"""
    lines_sql = """{table} t, bench_plan b JOIN {orders} o ON o.id = %(first)s - 1 + b.g
       WHERE t.id = %(tpl)s"""

    # Sale orders, web and back office.
    for label, template in templates.items():
        share = web_share if label == "web" else 1 - web_share
        n_orders = max(int(sale_lines * share / per_order), 1)
        tpl_line = template.order_line.filtered(lambda line: not line.display_type)[:1]
        _plan(cr, n_orders, products)
        first = _reserve_ids(cr, "sale_order", n_orders)
        _clone(
            cr,
            "sale_order",
            orders_sql.format(table="sale_order", pick=pick_customer, when=when),
            {
                "id": "%(first)s - 1 + r.g",
                "name": f"'BENCH-{label.upper()}/' || r.g",
                "partner_id": "c.id",
                "partner_invoice_id": "c.id",
                "partner_shipping_id": "c.id",
                "date_order": "r.d",
                "create_date": "r.d",
                "write_date": "r.d",
                "amount_untaxed": "pt.untaxed",
                "amount_tax": "pt.total - pt.untaxed",
                "amount_total": "pt.total",
                "access_token": "NULL",
                "origin": "NULL",
                "client_order_ref": "NULL",
            },
            {"n": n_orders, "tpl": template.id, "first": first, "known": 1.0},
        )
        sale_count += _clone(
            cr,
            "sale_order_line",
            lines_sql.format(table="sale_order_line", orders="sale_order"),
            {
                "order_id": "o.id",
                "order_partner_id": "o.partner_id",
                "product_id": "b.product_id",
                "product_uom": "b.uom_id",
                "name": "b.name",
                "product_uom_qty": "b.qty",
                "qty_delivered": "b.qty",
                "qty_to_invoice": "b.qty",
                "qty_invoiced": "0",
                "price_unit": "b.price",
                "price_subtotal": "b.subtotal",
                "price_total": "b.total",
                "price_tax": "b.total - b.subtotal",
                "price_reduce_taxexcl": "b.price",
                "price_reduce_taxinc": "round(b.price * 1.21, 2)",
                "untaxed_amount_to_invoice": "b.subtotal",
                "untaxed_amount_invoiced": "0",
                "discount": "0",
                "create_date": "o.date_order",
                "write_date": "o.date_order",
            },
            {"first": first, "tpl": tpl_line.id},
        )
        totals[f"{label} orders"] = n_orders
        totals[f"{label} interactions"] = _log_interactions(
            env, "sale.order", "sale_order", template, first - 1
        )

    # POS tickets in every store, 70 % with an identified customer.
    pos_count = 0
    totals["POS tickets"] = totals["POS interactions"] = 0
    for pos_order in pos_templates:
        n_orders = max(int(pos_lines / per_order / len(pos_templates)), 1)
        prefix = f"'BENCH-POS{pos_order.config_id.id}/'"
        _plan(cr, n_orders, products)
        first = _reserve_ids(cr, "pos_order", n_orders)
        _clone(
            cr,
            "pos_order",
            orders_sql.format(table="pos_order", pick=pick_customer, when=when),
            {
                "id": "%(first)s - 1 + r.g",
                "name": f"{prefix} || r.g",
                "pos_reference": f"{prefix} || r.g",
                "partner_id": "CASE WHEN r.known THEN c.id END",
                "date_order": "r.d",
                "create_date": "r.d",
                "write_date": "r.d",
                "amount_total": "pt.total",
                "amount_paid": "pt.total",
                "amount_tax": "pt.total - pt.untaxed",
                "amount_return": "0",
                "uuid": "gen_random_uuid()::varchar",
                "access_token": "NULL",
                "account_move": "NULL",
            },
            {"n": n_orders, "tpl": pos_order.id, "first": first, "known": 0.7},
        )
        pos_count += _clone(
            cr,
            "pos_order_line",
            lines_sql.format(table="pos_order_line", orders="pos_order"),
            {
                "order_id": "o.id",
                "product_id": "b.product_id",
                "name": "o.name || '-' || b.product_id",
                "full_product_name": "b.name",
                "qty": "b.qty",
                "price_unit": "b.price",
                "price_subtotal": "b.subtotal",
                "price_subtotal_incl": "b.total",
                "discount": "0",
                "uuid": "gen_random_uuid()::varchar",
                "create_date": "o.date_order",
                "write_date": "o.date_order",
            },
            {"first": first, "tpl": pos_order.lines[:1].id},
        )
        totals["POS tickets"] += n_orders
        totals["POS interactions"] += _log_interactions(env, "pos.order", "pos_order", pos_order, first - 1)
    for table in ("sale_order", "sale_order_line", "pos_order", "pos_order_line", "omni_interaction"):
        cr.execute(f"ANALYZE {table}")
    env.invalidate_all()
    summary = ", ".join(f"{value:,} {key}" for key, value in totals.items())
    print(
        f"loaded {sale_count + pos_count:,} order lines ({sale_count:,} sale, {pos_count:,} POS): "
        f"{summary} in {time.time() - started:.1f}s",
        flush=True,
    )
    return sale_count + pos_count

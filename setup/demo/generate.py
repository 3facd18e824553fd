#!/usr/bin/env python3
"""Demo data of a Spanish retail chain for Omnicanal.

Default size (minutes on 2 cores): the main company as "Omnicanal Retail S.L."
in Spain and in EUR with the Spanish chart of accounts (setup/run sets the
country before installing the applications, see ``--company-only``), a
central warehouse and 8 stores (warehouses in Spanish cities with addresses
and coordinates), one POS per store, ~500 products with variants and
EAN-13 barcodes, ~300 customers with Spanish names, phones and e-mails (Faker
es_ES) including deliberate cross-channel duplicates, and 12 months of history
in every channel: back-office orders, website orders and paid POS tickets.
Then demo users, RFM segments and the duplicate scan.

    python3 setup/demo/generate.py -c ODOO_CONF -d DB [--size default|small]
        [--bench-customers N --bench-interactions M]

``--bench-customers`` / ``--bench-interactions`` add synthetic customers and
interaction history with COPY (1 M / 5 M in minutes), ``--bench-order-lines``
sale and POS orders cloned in SQL with their lines and interactions (5 M lines
in minutes), for the benchmarks.
"""

import argparse
import os
import random
import sys
import time
import unicodedata
from datetime import datetime, timedelta

STORES = [
    # city, code, street, zip, latitude, longitude
    ("Madrid", "MAD", "Calle de Preciados 9", "28013", 40.4183, -3.7054),
    ("Barcelona", "BCN", "Passeig de Gràcia 21", "08007", 41.3902, 2.1650),
    ("Valencia", "VLC", "Calle de Colón 27", "46004", 39.4700, -0.3723),
    ("Sevilla", "SVQ", "Calle Tetuán 18", "41001", 37.3911, -5.9956),
    ("Zaragoza", "ZAZ", "Paseo de la Independencia 11", "50004", 41.6488, -0.8891),
    ("Málaga", "AGP", "Calle Marqués de Larios 4", "29005", 36.7192, -4.4214),
    ("Bilbao", "BIO", "Gran Vía de Don Diego López de Haro 30", "48009", 43.2630, -2.9350),
    ("Alicante", "ALC", "Avenida de Maisonnave 15", "03003", 38.3423, -0.4930),
]
CENTRAL = ("Getafe", "CEN", "Avenida de la Industria 4", "28906", 40.3080, -3.7327)
# Province (res.country.state code) of each store city: customers live where the stores are.
PROVINCES = {
    "Madrid": "M",
    "Barcelona": "B",
    "Valencia": "V",
    "Sevilla": "SE",
    "Zaragoza": "Z",
    "Málaga": "MA",
    "Bilbao": "BI",
    "Alicante": "A",
}
SIZES = {
    "default": dict(templates=150, customers=300, office=120, web=100, pos=160),
    "small": dict(templates=25, customers=60, office=30, web=30, pos=40),
}


def ean13(body12):
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body12))
    return body12 + str((10 - total % 10) % 10)


def log(message):
    print(f"[demo {time.strftime('%H:%M:%S')}] {message}", flush=True)


COMPANY = {
    "name": "Omnicanal Retail S.L.",
    "street": "Calle de Alcalá 45",
    "zip": "28014",
    "city": "Madrid",
    "phone": "+34 910 000 000",
    "email": "hola@omnicanal.example",
    "vat": "ESB12345674",
}


def prepare_company(env):
    """Make the main company Spanish and in euros before any application is
    installed, as Odoo's database manager does when you pick Spain: the
    accounting module then installs the Spanish chart (l10n_es) and every journal,
    pricelist and POS payment method is created in EUR."""
    installed = env["ir.module.module"].search_count([("name", "=", "account"), ("state", "=", "installed")])
    company = env.ref("base.main_company")
    spain = env.ref("base.es")
    eur = env.ref("base.EUR")
    eur.active = True
    vals = dict(COMPANY, country_id=spain.id)
    if not installed:
        vals["currency_id"] = eur.id
    company.write(vals)
    env["res.users"].with_context(active_test=False).search([]).write({"tz": "Europe/Madrid"})
    log(f"company {company.name}: Spain, {company.currency_id.name}")
    return company


def setup_company(env):
    company = env.ref("base.main_company")
    company.write(dict(COMPANY, country_id=env.ref("base.es").id))
    if "omni_loyalty_return_days" in company._fields:
        # The chain keeps earned points pending for its 30-day return window (off by default).
        company.omni_loyalty_return_days = 30
    website = env["website"].search([("company_id", "=", company.id)], limit=1)
    spanish = env["res.lang"]._lang_get("es_ES")
    if website and spanish:
        # The shop speaks Spanish first (English stays available).
        website.write(
            {
                "name": "Omnicanal",
                "language_ids": [(4, spanish.id)],
                "default_lang_id": spanish.id,
            }
        )
    if company.currency_id != env.ref("base.EUR"):
        # Only a database created by setup/run (country set before the accounting
        # is installed) can be in EUR: Odoo forbids changing the currency later.
        log(
            f"WARNING: the company is in {company.currency_id.name}, not EUR. "
            "Create the database with setup/run (--reset) for a Spanish chain in euros."
        )
    return company


# Odoo's own demo records that do not belong to a Spanish chain: its generic demo
# shops (the chain has a POS per store), its Benelux price list, which the website
# showed to every visitor as the current one (the first by sequence), and the POS
# demo's second points programme and next-order coupon, which made every order earn
# in two loyalty programmes beside the chain's one wallet (omni_loyalty's demo).
ODOO_DEMO_CLUTTER = [
    "point_of_sale.pos_config_main",
    "point_of_sale.pos_config_clothes",
    "point_of_sale.pos_config_bakery",
    "website_sale.list_benelux",
    "pos_loyalty.loyalty_program",
    "pos_loyalty.15_pc_on_next_order",
]


def archive_odoo_demo_clutter(env):
    records = [env.ref(xmlid, raise_if_not_found=False) for xmlid in ODOO_DEMO_CLUTTER]
    archived = [rec for rec in records if rec and rec.active]
    for rec in archived:
        rec.active = False
    if archived:
        log(f"archived Odoo's own demo {', '.join(rec.display_name for rec in archived)}")


def setup_network(env, company):
    Warehouse = env["stock.warehouse"]
    has_coords = "omni_latitude" in Warehouse._fields
    nodes = []
    central = Warehouse.search([("company_id", "=", company.id)], limit=1)
    for index, (city, code, street, zipcode, lat, lon) in enumerate([CENTRAL, *STORES]):
        name = "Almacén central" if index == 0 else f"Tienda {city}"
        warehouse = (
            central
            if index == 0
            else Warehouse.search([("code", "=", code), ("company_id", "=", company.id)], limit=1)
        )
        if not warehouse:
            warehouse = Warehouse.create({"name": name, "code": code, "company_id": company.id})
        else:
            warehouse.name = name
        address = {
            "name": f"Omnicanal {city}",
            "street": street,
            "zip": zipcode,
            "city": city,
            "country_id": env.ref("base.es").id,
            "type": "other",
            "parent_id": company.partner_id.id,
        }
        if warehouse.partner_id == company.partner_id or not warehouse.partner_id:
            # Each node its own address: new warehouses default to the company's partner.
            warehouse.partner_id = env["res.partner"].create(address)
        else:
            warehouse.partner_id.write(address)
        if has_coords:
            node = {"omni_latitude": lat, "omni_longitude": lon}
            if "omni_node_type" in Warehouse._fields:
                node.update(
                    omni_node_type="warehouse" if index == 0 else "store",
                    omni_in_network=True,
                    omni_ships=True,
                    omni_pickup=index != 0,
                )
            warehouse.write(node)
        nodes.append(warehouse)
    log(f"network: 1 central warehouse + {len(nodes) - 1} stores")
    PosConfig = env["pos.config"].with_company(company)
    configs = PosConfig.browse()
    for warehouse in nodes[1:]:
        config = PosConfig.search([("name", "=", warehouse.name), ("company_id", "=", company.id)], limit=1)
        if not config:
            # Card and customer account are shared by the company (Odoo's defaults);
            # each store counts its own till, so each gets its own cash journal.
            cash = PosConfig._create_cash_payment_method(
                {
                    "name": f"Efectivo {warehouse.code}",
                    "code": f"CSH{warehouse.code[:2]}",
                    "show_on_dashboard": False,
                }
            )
            config = PosConfig.create(
                {
                    "name": warehouse.name,
                    "picking_type_id": warehouse.pos_type_id.id,
                    "company_id": company.id,
                }
            )
            config.payment_method_ids = [(4, cash.id)]
        configs |= config
    log(f"{len(configs)} POS configurations")
    return nodes, configs


def setup_products(env, rnd, templates):
    Template = env["product.template"]
    size_attr = env["product.attribute"].search([("name", "=", "Talla")], limit=1) or env[
        "product.attribute"
    ].create(
        {
            "name": "Talla",
            "create_variant": "always",
            "value_ids": [(0, 0, {"name": s}) for s in ("S", "M", "L", "XL")],
        }
    )
    families = ["Camiseta", "Pantalón", "Chaqueta", "Zapatilla", "Vestido", "Sudadera", "Bolso", "Gorra"]
    colours = ["azul", "negro", "blanco", "rojo", "verde", "gris", "beige", "marino"]
    vals = []
    for i in range(templates):
        name = f"{families[i % len(families)]} {colours[(i // len(families)) % len(colours)]} {i + 1:03d}"
        item = {
            "name": name,
            "list_price": round(rnd.uniform(9, 120), 2),
            "sale_ok": True,
            "available_in_pos": True,
            "is_published": True,
            "is_storable": True,
            "default_code": f"OMNI{i + 1:04d}",
        }
        if i % 5:  # four out of five come in sizes
            item["attribute_line_ids"] = [
                (0, 0, {"attribute_id": size_attr.id, "value_ids": [(6, 0, size_attr.value_ids.ids)]})
            ]
        vals.append(item)
    created = Template.create(vals)
    variants = created.product_variant_ids
    for n, variant in enumerate(variants):
        variant.barcode = ean13(f"84{700000000 + n:010d}")
    log(f"{len(created)} products, {len(variants)} variants with EAN-13 barcodes")
    return variants


def spread_stock(env, nodes, variants, rnd):
    Quant = env["stock.quant"].with_context(inventory_mode=True)
    vals = []
    for variant in variants:
        for node in nodes:
            if node is nodes[0] or rnd.random() < 0.5:
                vals.append(
                    {
                        "product_id": variant.id,
                        "location_id": node.lot_stock_id.id,
                        "inventory_quantity": rnd.randint(1, 40 if node is nodes[0] else 8),
                    }
                )
    quants = Quant.create(vals)
    quants.action_apply_inventory()
    log(f"stock spread over {len(nodes)} nodes ({len(vals)} quants)")


def setup_customers(env, rnd, count):
    from faker import Faker

    fake = Faker("es_ES")
    fake.seed_instance(rnd.randrange(10**6))
    Partner = env["res.partner"].with_context(tracking_disable=True)
    spain = env.ref("base.es")
    states = {
        state.code: state
        for state in env["res.country.state"].search(
            [("country_id", "=", spain.id), ("code", "in", list(PROVINCES.values()))]
        )
    }
    vals = []
    for _i in range(count):
        first, last = fake.first_name(), f"{fake.last_name()} {fake.last_name()}"
        # Mailboxes are ASCII: "José Núñez" writes from jose.nunez…, not josé.núñez….
        local = unicodedata.normalize("NFKD", f"{first}.{last.split(maxsplit=1)[0]}")
        local = "".join(c for c in local if c.isascii() and not c.isspace()).lower()
        city, _code, _street, store_zip, _lat, _lon = rnd.choice(STORES)
        vals.append(
            {
                "name": f"{first} {last}",
                "email": f"{local}{rnd.randint(1, 999)}@{fake.free_email_domain()}",
                "mobile": f"+34 6{rnd.randint(10000000, 99999999)}",
                "street": fake.street_address(),
                "city": city,
                "zip": f"{store_zip[:3]}{rnd.randint(1, 50):02d}",
                "state_id": states[PROVINCES[city]].id if PROVINCES[city] in states else False,
                "country_id": spain.id,
                "customer_rank": 1,
            }
        )
    customers = Partner.create(vals)
    # Deliberate cross-channel duplicates: another casing, phone format or accent.
    dups = []
    for partner in customers[: max(count // 20, 3)]:
        kind = rnd.choice(["email", "phone", "accent"])
        dup = {"name": partner.name, "country_id": partner.country_id.id}
        if kind == "email":
            dup["email"] = partner.email.upper()
        elif kind == "phone":
            digits = partner.mobile.replace("+34", "").replace(" ", "")
            dup.update(
                phone=f"{digits[:3]} {digits[3:5]} {digits[5:7]} {digits[7:]}", name=partner.name.upper()
            )
        else:
            dup.update(
                name=partner.name.replace("a", "á", 1),
                email=partner.email.replace("@", ".tienda@"),
                mobile=partner.mobile,
            )
        dups.append(dup)
    duplicates = Partner.create(dups)
    log(f"{len(customers)} customers + {len(duplicates)} cross-channel duplicates")
    return customers + duplicates


def tastes(customers, variants, trnd):
    """Each customer favours two families and a colour: retail purchases are not uniform.

    Returns ``{partner_id: favoured variants}``; a recommender has something to learn.
    """
    family = {v.id: (v.product_tmpl_id.name.split(" ") + [""])[0] for v in variants}
    colour = {v.id: (v.product_tmpl_id.name.split(" ") + ["", ""])[1] for v in variants}
    families, colours = sorted(set(family.values())), sorted(set(colour.values()))
    prefs = {}
    for customer in customers:
        liked = set(trnd.sample(families, min(2, len(families))))
        shade = trnd.choice(colours)
        prefs[customer.id] = [
            v for v in variants if family[v.id] in liked or colour[v.id] == shade
        ] or variants
    return prefs


def taste_sample(trnd, prefs, partner_id, variants, count):
    """``count`` distinct variants: four in five from the customer's tastes, the rest anything."""
    pool = prefs.get(partner_id) or variants
    picked = {
        (trnd.choice(pool) if trnd.random() < 0.8 else trnd.choice(variants)).id: None for _ in range(count)
    }
    return [v for v in variants if v.id in picked]


def history(env, rnd, customers, variants, configs, sizes):
    now = datetime.now()
    trnd = random.Random(rnd.random())  # tastes draw from their own stream
    prefs = tastes(customers, variants, trnd)
    website = env["website"].search([], limit=1)
    SaleOrder = env["sale.order"].with_context(tracking_disable=True, mail_notrack=True)
    dated = []
    for channel, count in (("office", sizes["office"]), ("web", sizes["web"])):
        for _i in range(count):
            partner = rnd.choice(customers)
            lines = [
                (0, 0, {"product_id": v.id, "product_uom_qty": rnd.randint(1, 3)})
                for v in taste_sample(trnd, prefs, partner.id, variants, rnd.randint(1, 4))
            ]
            order = SaleOrder.create(
                {
                    "partner_id": partner.id,
                    "order_line": lines,
                    "website_id": website.id if channel == "web" else False,
                }
            )
            order.action_confirm()
            dated.append((order, now - timedelta(days=rnd.randint(0, 364), minutes=rnd.randint(0, 600))))
    for order, when in dated:
        order.date_order = when
    env.flush_all()
    env.cr.execute("""
        UPDATE omni_interaction i SET date = so.date_order
          FROM sale_order so WHERE i.res_model = 'sale.order' AND i.res_id = so.id
    """)
    log(f"{sizes['office']} back-office and {sizes['web']} website orders over 12 months")
    PosOrder = env["pos.order"]
    per_config = max(sizes["pos"] // max(len(configs), 1), 1)
    tickets = 0
    for config in configs:
        methods = config.payment_method_ids.filtered(lambda m: m.journal_id)
        if not methods:
            log(f"{config.name}: no payment method, no tickets")
            continue
        # A person opens the register (the superuser is no POS user).
        config.with_user(env.ref("base.user_admin")).open_ui()
        session = config.current_session_id
        session.set_opening_control(0, "")
        currency = config.currency_id
        for _i in range(per_config):
            partner = rnd.choice(customers) if rnd.random() < 0.7 else None
            variant = taste_sample(trnd, prefs, partner.id if partner else 0, variants, 1)[0]
            qty = rnd.randint(1, 3)
            taxes = variant.taxes_id.filtered(lambda t, c=config.company_id: t.company_id == c)
            price = taxes.compute_all(variant.lst_price, currency, qty, product=variant)
            subtotal, total = price["total_excluded"], price["total_included"]
            order = PosOrder.create(
                {
                    "session_id": session.id,
                    "partner_id": partner.id if partner else False,
                    "lines": [
                        (
                            0,
                            0,
                            {
                                "product_id": variant.id,
                                "qty": qty,
                                "price_unit": variant.lst_price,
                                "price_subtotal": subtotal,
                                "price_subtotal_incl": total,
                                "tax_ids": [(6, 0, taxes.ids)],
                            },
                        )
                    ],
                    "amount_tax": currency.round(total - subtotal),
                    "amount_total": total,
                    "amount_paid": 0.0,
                    "amount_return": 0.0,
                }
            )
            # Three tickets out of four by card, the rest in cash.
            method = methods.filtered(lambda m: not m.is_cash_count)[:1] if rnd.random() < 0.75 else None
            method = method or methods.filtered("is_cash_count")[:1] or methods[:1]
            env["pos.make.payment"].with_context(active_id=order.id, active_ids=order.ids).create(
                {"amount": total, "payment_method_id": method.id}
            ).check()
            when = now - timedelta(days=rnd.randint(0, 364), minutes=rnd.randint(0, 600))
            env.cr.execute("UPDATE pos_order SET date_order = %s WHERE id = %s", (when, order.id))
            env.cr.execute(
                "UPDATE omni_interaction SET date = %s WHERE res_model = 'pos.order' AND res_id = %s",
                (when, order.id),
            )
            tickets += 1
    log(f"{tickets} paid POS tickets in {len(configs)} stores")
    backdate_loyalty_history(env)


def backdate_loyalty_history(env):
    """Loyalty history rows written when the orders were confirmed carry the orders'
    back-dated dates, and any return-window release date moves with them."""
    from odoo.tools import SQL

    env.flush_all()
    columns = set(env["loyalty.history"]._fields) if "loyalty.history" in env else set()
    if not columns:
        return
    pending = "omni_pending_until" in columns
    for table in ("sale_order", "pos_order"):
        model = table.replace("_", ".")
        env.cr.execute(
            SQL(
                "UPDATE loyalty_history h SET create_date = o.date_order%s FROM %s o "
                "WHERE h.order_model = %s AND h.order_id = o.id",
                SQL(
                    ", omni_pending_until = o.date_order::date + (h.omni_pending_until - h.create_date::date)"
                )
                if pending
                else SQL(""),
                SQL.identifier(table),
                model,
            )
        )
    env.invalidate_all()


def setup_users(env, customers):
    Users = env["res.users"].with_context(no_reset_password=True)
    # The chain works in Spanish when the language is loaded (setup/run loads it).
    lang = "es_ES" if env["res.lang"]._lang_get("es_ES") else "en_US"

    def user(login, name, groups, partner=None):
        existing = Users.search([("login", "=", login)], limit=1)
        if existing:
            return existing
        vals = {
            "lang": lang,
            "login": login,
            "password": login,
            "name": name,
            "groups_id": [(6, 0, [env.ref(g).id for g in groups])],
        }
        if partner:
            vals["partner_id"] = partner.id
        return Users.create(vals)

    user(
        "omni.manager",
        "Marta Gestora",
        [
            "base.group_user",
            "omni_customer.group_omni_manager",
            "sales_team.group_sale_manager",
            "stock.group_stock_manager",
            "point_of_sale.group_pos_manager",
        ],
    ).action_id = env.ref("omni_customer.omni_interaction_action_report").id  # opens on the Omnicanal report
    user("omni.cashier", "Carlos Cajero", ["base.group_user", "point_of_sale.group_pos_user"])
    buyer = max(customers, key=lambda p: p.omni_order_count)
    user("omni.portal", buyer.name, ["base.group_portal"], partner=buyer)
    log(f"demo users: omni.manager, omni.cashier, omni.portal ({buyer.name})")


def generate(env, size="default", seed=42):
    import website_content  # needs Pillow, which --help does not

    started = time.time()
    rnd = random.Random(seed)
    sizes = SIZES[size]
    env = env(context=dict(env.context, tracking_disable=True))
    company = setup_company(env)
    nodes, configs = setup_network(env, company)
    archive_odoo_demo_clutter(env)
    variants = setup_products(env, rnd, sizes["templates"])
    website_content.setup_catalogue(env, variants.product_tmpl_id, log)
    website_content.setup_website(env, company, nodes, log)
    spread_stock(env, nodes, variants, rnd)
    customers = setup_customers(env, rnd, sizes["customers"])
    history(env, rnd, customers, list(variants), configs, sizes)
    setup_users(env, customers)
    Partner = env["res.partner"]
    Partner._cron_omni_rfm(force=True)
    while Partner._cron_omni_rfm():
        pass
    queued = Partner._cron_omni_duplicate_scan()
    env["ir.config_parameter"].sudo().set_param("omnicanal.demo_generated", time.strftime("%Y-%m-%d %H:%M"))
    if "omni.recommend.model" in env:
        run = env["omni.recommend.model"]._omni_train(company)
        log(f"recommendation model v{run.version}: {run.state}, {run.user_count} customers")
    log(f"RFM computed, {queued} duplicate clusters queued; done in {time.time() - started:.0f}s")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--size", default="default", choices=sorted(SIZES))
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--company-only",
        action="store_true",
        help="only make the main company Spanish and in EUR (run after installing base, before the addons)",
    )
    parser.add_argument("--bench-customers", type=int, default=0)
    parser.add_argument("--bench-interactions", type=int, default=0)
    parser.add_argument(
        "--bench-order-lines",
        type=int,
        default=0,
        help="add about N order lines (half sale orders, half POS tickets) cloned in SQL for the benchmarks",
    )
    # Anything else is an Odoo option (e.g. --db_host db inside the docker-compose container).
    args, odoo_args = parser.parse_known_args()

    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config, "--log-level=warn", *odoo_args])
    registry = odoo.modules.registry.Registry.new(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if args.company_only:
            prepare_company(env)
            return 0
        if env["ir.config_parameter"].get_param("omnicanal.demo_generated"):
            log("demo data already generated in this database")
        else:
            generate(env, args.size, args.seed)
        bench = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench")
        sys.path.insert(0, bench)
        if args.bench_customers:
            from bench_customer import load

            load(env, args.bench_customers, args.bench_interactions)
        if args.bench_order_lines:
            from bulk_orders import load_orders

            load_orders(env, args.bench_order_lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())

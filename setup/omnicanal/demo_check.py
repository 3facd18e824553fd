#!/usr/bin/env python3
"""Check a served Omnicanal demo database from the outside, like a person would.

    python3 setup/omnicanal/demo_check.py --url http://127.0.0.1:8069 --db omnicanal

Over HTTP only (JSON-RPC and pages): the company is Spanish and in EUR with
the Spanish chart of accounts; the chain has its central warehouse, 8 stores
and their POS in EUR; the products, customers, duplicates and 12 months of
history in every channel are there; the demo logins (manager, cashier, portal
customer) authenticate; every Omnicanal menu the manager sees opens (views
and first records); the cashier opens a store's POS; the portal customer sees
their purchases. One line per check, ``ok`` or ``FAIL``; the exit code is the
number of failed checks.
"""

import argparse
import ast
import re
import sys
from datetime import datetime

import requests

LOGINS = {"manager": "omni.manager", "cashier": "omni.cashier", "portal": "omni.portal"}


class Client:
    def __init__(self, url, db):
        self.url, self.db = url.rstrip("/"), db
        self.session = requests.Session()
        self.uid = None

    def rpc(self, path, params):
        reply = self.session.post(
            self.url + path, json={"jsonrpc": "2.0", "method": "call", "params": params}, timeout=120
        ).json()
        if reply.get("error"):
            data = reply["error"].get("data", {})
            raise RuntimeError(data.get("message") or reply["error"].get("message"))
        return reply["result"]

    def login(self, login, password):
        result = self.rpc("/web/session/authenticate", {"db": self.db, "login": login, "password": password})
        self.uid = result.get("uid")
        return self.uid

    def call(self, model, method, *args, **kwargs):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def get(self, path):
        return self.session.get(self.url + path, timeout=120)


class Checks:
    def __init__(self):
        self.failed = self.passed = 0

    def check(self, label, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(f"{'ok  ' if ok else 'FAIL'} {label}{': ' + str(detail) if detail else ''}", flush=True)
        return ok

    def run(self, label, func):
        try:
            func()
        except Exception as exc:  # one broken check must not hide the next ones
            self.check(label, False, f"{type(exc).__name__}: {exc}")


def check_company(admin, checks):
    company = admin.call(
        "res.company",
        "search_read",
        [["id", "=", 1]],
        ["name", "currency_id", "country_code", "chart_template"],
    )[0]
    checks.check(
        "company is Spanish, in EUR, with the Spanish chart of accounts",
        company["country_code"] == "ES"
        and company["currency_id"][1] == "EUR"
        and (company["chart_template"] or "").startswith("es_"),
        "{}, {}, {}, {}".format(
            company["name"], company["country_code"], company["currency_id"][1], company["chart_template"]
        ),
    )
    warehouses = admin.call(
        "stock.warehouse",
        "search_read",
        [["company_id", "=", 1]],
        ["name", "omni_node_type", "omni_in_network"],
    )
    stores = [w for w in warehouses if w["omni_node_type"] == "store" and w["omni_in_network"]]
    checks.check(
        "a central warehouse and 8 stores in the network",
        len(stores) >= 8 and any(w["name"] == "Almacén central" for w in warehouses),
        f"{len(warehouses)} warehouses, {len(stores)} stores",
    )
    configs = admin.call(
        "pos.config",
        "search_read",
        [["picking_type_id.warehouse_id.omni_node_type", "=", "store"]],
        ["name", "currency_id", "pricelist_id", "payment_method_ids"],
    )
    eur_configs = [c for c in configs if c["currency_id"][1] == "EUR" and len(c["payment_method_ids"]) >= 2]
    checks.check(
        "one POS per store, in EUR, with cash and card",
        len(eur_configs) == 8,
        f"{len(eur_configs)}/{len(configs)}",
    )
    others = admin.call("pos.config", "search_read", [["id", "not in", [c["id"] for c in configs]]], ["name"])
    checks.check("no POS other than the stores'", not others, [c["name"] for c in others])
    pricelists = {c["pricelist_id"][0] for c in configs if c["pricelist_id"]}
    if pricelists:
        currencies = {
            p["currency_id"][1]
            for p in admin.call("product.pricelist", "read", list(pricelists), ["currency_id"])
        }
        checks.check("the stores' pricelists are in EUR", currencies == {"EUR"}, currencies)


def check_volume(admin, checks):
    count = admin.call
    templates = count("product.template", "search_count", [["default_code", "like", "OMNI"]])
    variants = count("product.product", "search_count", [["product_tmpl_id.default_code", "like", "OMNI"]])
    barcoded = count(
        "product.product",
        "search_count",
        [["product_tmpl_id.default_code", "like", "OMNI"], ["barcode", "=like", "84%"]],
    )
    checks.check(
        "products with variants and EAN-13 barcodes",
        templates >= 20 and variants > templates and barcoded == variants,
        f"{templates} products, {variants} variants, {barcoded} barcodes",
    )
    customers = count(
        "res.partner", "search_count", [["customer_rank", ">", 0], ["country_id.code", "=", "ES"]]
    )
    checks.check("Spanish customers", customers >= 50, customers)
    reviews = count("omni.match.review", "search_count", [])
    checks.check("cross-channel duplicates waiting in the review queue", reviews >= 1, reviews)
    web = count("sale.order", "search_count", [["website_id", "!=", False], ["state", "=", "sale"]])
    office = count("sale.order", "search_count", [["website_id", "=", False], ["state", "=", "sale"]])
    pos = count(
        "pos.order",
        "search_count",
        [["state", "in", ["paid", "done", "invoiced"]], ["company_id.currency_id.name", "=", "EUR"]],
    )
    checks.check(
        "history in every channel",
        web >= 10 and office >= 10 and pos >= 10,
        f"web {web}, office {office}, POS {pos}",
    )
    first = admin.call("omni.interaction", "search_read", [], ["date"], order="date asc", limit=1)
    last = admin.call("omni.interaction", "search_read", [], ["date"], order="date desc", limit=1)
    days = (
        (datetime.fromisoformat(last[0]["date"]) - datetime.fromisoformat(first[0]["date"])).days
        if first and last
        else 0
    )
    checks.check("12 months of interactions", days >= 300, f"{days} days")
    points = admin.call("loyalty.program", "search_read", [["program_type", "=", "loyalty"]], ["name"])
    checks.check("one points programme, the chain's wallet", len(points) == 1, [p["name"] for p in points])


def check_bench_orders(admin, checks):
    """Orders cloned by --bench-order-lines read back through the ORM like real ones."""
    orders = admin.call(
        "sale.order", "search_read", [["name", "=like", "BENCH-%"]], ["amount_total", "partner_id"], limit=200
    )
    tickets = admin.call(
        "pos.order",
        "search_read",
        [["name", "=like", "BENCH-POS%"]],
        ["amount_total", "config_id"],
        limit=400,
    )
    if not orders and not tickets:
        return
    lines = admin.call(
        "sale.order.line",
        "read_group",
        [["order_id", "in", [o["id"] for o in orders]]],
        ["price_total:sum"],
        ["order_id"],
    )
    by_order = {g["order_id"][0]: g["price_total"] for g in lines}
    wrong = [o["id"] for o in orders if abs(by_order.get(o["id"], 0) - o["amount_total"]) > 0.01]
    logged = admin.call(
        "omni.interaction",
        "search_count",
        [["res_model", "=", "sale.order"], ["res_id", "in", list(by_order)]],
    )
    checks.check(
        "bulk bench orders: totals match their lines, each logged on the timeline",
        orders and not wrong and logged == len(orders),
        f"{len(orders)} orders read, {len(wrong)} wrong totals, {logged} interactions",
    )
    stores = {t["config_id"][0] for t in tickets}
    checks.check("bulk bench POS tickets spread over the stores", len(stores) >= 8, f"{len(stores)} stores")


def check_manager(url, db, checks):
    manager = Client(url, db)
    if not checks.check("manager logs in", manager.login(LOGINS["manager"], LOGINS["manager"])):
        return
    menus = manager.call(
        "ir.ui.menu",
        "search_read",
        [
            [
                "id",
                "child_of",
                manager.call("ir.model.data", "check_object_reference", "omni_customer", "menu_omni_root")[1],
            ],
            ["action", "!=", False],
        ],
        ["complete_name", "action"],
    )
    checks.check("the manager sees the Omnicanal menus", len(menus) >= 10, len(menus))
    home = manager.call("res.users", "read", [manager.uid], ["action_id"])[0]["action_id"]
    report = manager.rpc("/web/action/load", {"action_id": "omni_customer.omni_interaction_action_report"})
    checks.check(
        "the back office opens on the Omnicanal report of interactions across channels",
        bool(home) and home[0] == report["id"],
        home,
    )
    for menu in menus:
        model, action_id = menu["action"].split(",")

        def open_menu(model=model, action_id=int(action_id), menu=menu):
            action = manager.rpc("/web/action/load", {"action_id": action_id})
            if model == "ir.actions.act_window" and action.get("res_model") != "res.config.settings":
                views = [[view_id or False, mode] for view_id, mode in action["views"]]
                manager.call(action["res_model"], "get_views", views, options={"load_filters": True})
                domain = action.get("domain") or []
                if isinstance(domain, str):
                    domain = (
                        ast.literal_eval(domain) if "uid" not in domain and "context" not in domain else []
                    )
                manager.call(action["res_model"], "web_search_read", domain, {"display_name": {}}, limit=5)
            checks.check(f"menu opens: {menu['complete_name']}", True)

        checks.run(f"menu opens: {menu['complete_name']}", open_menu)


def check_cashier(url, db, checks):
    cashier = Client(url, db)
    if not checks.check("cashier logs in", cashier.login(LOGINS["cashier"], LOGINS["cashier"])):
        return
    config = cashier.call(
        "pos.config", "search_read", [["name", "=", "Tienda Madrid"]], ["current_session_id"]
    )
    checks.check("the cashier sees the Madrid store's POS", bool(config), config)
    if config:
        page = cashier.get(f"/pos/ui?config_id={config[0]['id']}")
        checks.check(
            "the POS of the Madrid store opens",
            page.status_code == 200 and "pos" in page.text.lower(),
            page.status_code,
        )


def check_portal(url, db, checks):
    portal = Client(url, db)
    if not checks.check("portal customer logs in", portal.login(LOGINS["portal"], LOGINS["portal"])):
        return
    page = portal.get("/my/purchases")
    checks.check(
        "the portal customer sees web and store purchases",
        page.status_code == 200 and "/my/purchases/store/" in page.text,
        page.status_code,
    )


def check_shopper(url, db, admin, checks):
    """An anonymous visitor of the shop: prices in euros, from a price list meant for Spain."""
    visitor = Client(url, db)
    page = visitor.get("/shop")
    checks.check(
        "a visitor sees the shop with prices in euros",
        page.status_code == 200 and "€" in page.text,
        page.status_code,
    )
    shown = re.search(r"o_pricelist_dropdown.*?dropdown-toggle[^>]*>\s*([^<]+?)\s*<", page.text, re.S)
    if shown:  # no dropdown: a single price list, the website's own
        lists = admin.call(
            "product.pricelist", "search_read", [["name", "=", shown[1]]], ["country_group_ids"]
        )
        groups = {g for pricelist in lists for g in pricelist["country_group_ids"]}
        countries = (
            {
                c["code"]
                for c in admin.call(
                    "res.country", "search_read", [["country_group_ids", "in", list(groups)]], ["code"]
                )
            }
            if groups
            else set()
        )
        checks.check(
            "the visitor's current price list is meant for Spain",
            bool(lists) and (not countries or "ES" in countries),
            f"{shown[1]}: {sorted(countries) or 'every country'}",
        )


# Odoo's starter website text, which the chain's site must not show.
STARTER_TEXT = ["555-555-5556", "yourcompany.example.com", "info@yourcompany.com"]


def check_website(url, db, admin, checks):
    """The site looks like the chain: its name, logo and contact details, its own products with
    their pictures, its menu and a page listing the stores with their hours and a map link."""
    visitor = Client(url, db)
    company = admin.call("res.company", "search_read", [["id", "=", 1]], ["name", "phone", "email"])[0]
    home = visitor.get("/")
    starter = [text for text in STARTER_TEXT if text in home.text]
    checks.check(
        "the home page carries the chain's name and phone, none of Odoo's starter contact details",
        home.status_code == 200
        and "Omnicanal" in home.text
        and company["phone"] in home.text
        and not starter,
        starter or home.status_code,
    )
    menus = re.findall(r'<a[^>]+href="(/[^"]*)"[^>]*class="[^"]*nav-link', home.text)
    wanted = ["/shop", "/nuestras-tiendas", "/contactus"]
    checks.check(
        "the site's menu: Tienda, Nuestras tiendas, Contacto", all(m in menus for m in wanted), menus
    )
    logo = visitor.get("/web/image/website/1/logo")
    checks.check(
        "the chain's logo is served", logo.status_code == 200 and len(logo.content) > 2000, len(logo.content)
    )
    shop = visitor.get("/shop")
    images = set(re.findall(r"/web/image/product\.template/(\d+)/image_", shop.text))
    checks.check(
        "the shop's first page shows the chain's products with pictures",
        shop.status_code == 200 and len(images) >= 10,
        f"{shop.status_code}, {len(images)} products with pictures",
    )
    wallets = admin.call(
        "loyalty.program",
        "search_read",
        [["program_type", "in", ["gift_card", "ewallet"]]],
        ["trigger_product_ids"],
    )
    sold_wallets = [p for program in wallets for p in program["trigger_product_ids"]]
    others = admin.call(
        "product.template",
        "search_read",
        [
            ["is_published", "=", True],
            ["default_code", "not like", "OMNI%"],
            ["product_variant_ids", "not in", sold_wallets],
        ],
        ["name"],
    )
    extra = [p["name"] for p in others]
    categories = admin.call("product.public.category", "search_read", [], ["name"])
    checks.check(
        "the shop sells the chain's products only (gift cards aside), in its own categories",
        not extra and 1 <= len(categories) <= 12,
        extra or [c["name"] for c in categories],
    )
    if images:
        picture = visitor.get(f"/web/image/product.template/{min(images)}/image_512")
        placeholder = visitor.get("/web/static/img/placeholder.png").content
        checks.check(
            "a product picture is the chain's own (not the placeholder)",
            picture.headers.get("Content-Type", "").startswith("image/")
            and len(picture.content) > 3000
            and picture.content != placeholder,
            f"{picture.headers.get('Content-Type')}, {len(picture.content)} bytes",
        )
    stores = visitor.get("/nuestras-tiendas")
    cards = stores.text.count("o_omni_store")
    checks.check(
        "Nuestras tiendas lists the 8 stores with their hours and a map link",
        stores.status_code == 200 and cards == 8 and stores.text.count("openstreetmap.org") == 8,
        f"{stores.status_code}, {cards} stores",
    )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", default="omnicanal")
    parser.add_argument("--admin-password", default="admin")
    args = parser.parse_args()
    checks = Checks()
    admin = Client(args.url, args.db)

    def as_admin():
        if checks.check("administrator logs in", admin.login("admin", args.admin_password)):
            checks.run("company and network", lambda: check_company(admin, checks))
            checks.run("demo volume", lambda: check_volume(admin, checks))
            checks.run("bulk bench orders", lambda: check_bench_orders(admin, checks))
            checks.run("shopper", lambda: check_shopper(args.url, args.db, admin, checks))
            checks.run("website", lambda: check_website(args.url, args.db, admin, checks))

    checks.run("administrator logs in", as_admin)
    checks.run("manager", lambda: check_manager(args.url, args.db, checks))
    checks.run("cashier", lambda: check_cashier(args.url, args.db, checks))
    checks.run("portal", lambda: check_portal(args.url, args.db, checks))
    print(f"demo check: {checks.passed} passed, {checks.failed} failed", flush=True)
    return checks.failed


if __name__ == "__main__":
    sys.exit(min(main(), 100))

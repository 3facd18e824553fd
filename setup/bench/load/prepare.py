# Run inside ``odoo shell`` (stdin) on a load database: opens one POS session per till, makes the
# demo payment provider and a free carrier usable, creates the shoppers, prints the context JSON.
# ``env`` is the shell's environment; LOAD_SHOPPERS / LOAD_SUITE come from the environment.
import json
import os
import shutil

company = env.company  # noqa: F821 (odoo shell)
Env = env  # noqa: F821
suite = os.environ.get("LOAD_SUITE") == "1"
n_shoppers = int(os.environ.get("LOAD_SHOPPERS", "20"))
admin = Env.ref("base.user_admin")
admin.write({"password": "admin"})

tills = []
for config in Env["pos.config"].search([("company_id", "=", company.id)]):
    session = config.current_session_id
    if not session:
        session = Env["pos.session"].with_user(admin).create({"user_id": admin.id, "config_id": config.id})
    if session.state == "opening_control":
        session.set_opening_control(0, "")
    cash = config.payment_method_ids.filtered(lambda m: m.is_cash_count and not m.split_transactions)[:1]
    tills.append(
        {
            "session_id": session.id,
            "login": "admin",
            "password": "admin",
            "config": {
                "pricelist_id": config.pricelist_id.id,
                "fiscal_position_id": config.default_fiscal_position_id.id or False,
                "cash_method_id": cash.id,
                "user_id": admin.id,
            },
        }
    )


def product_row(product):
    taxes = product.taxes_id.filtered(lambda t: t.company_id == company)
    rate = sum(t.amount for t in taxes if t.amount_type == "percent" and not t.price_include) / 100.0
    return {"id": product.id, "price": product.lst_price, "tax_ids": taxes.ids, "tax_rate": rate}


pos_products = [
    product_row(p)
    for p in Env["product.product"].search(
        [
            ("available_in_pos", "=", True),
            ("sale_ok", "=", True),
            ("type", "=", "consu"),
            ("list_price", ">", 0),
        ],
        limit=40,
    )
]
website = Env["website"].search([("company_id", "=", company.id)], limit=1) or Env["website"].search(
    [], limit=1
)
shop = Env["product.product"].search(
    [("is_published", "=", True), ("sale_ok", "=", True), ("is_storable", "=", True), ("list_price", ">", 0)],
    limit=40,
)
for product in shop:
    # stock so that carts and confirmations are not refused for want of it (the run is about load)
    wh = website.warehouse_id or Env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    Env["stock.quant"]._update_available_quantity(product, wh.lot_stock_id, 100000)
shop_products = [{"id": p.id, "url": p.product_tmpl_id.website_url} for p in shop]
terms = sorted({(p.name or "x").split()[0] for p in shop})[:10] or ["a"]

provider = Env["payment.provider"].search([("code", "=", "demo"), ("company_id", "=", company.id)], limit=1)
if provider:
    provider.write({"state": "test", "is_published": True})
method = Env.ref("payment_demo.payment_method_demo", raise_if_not_found=False)
Env["ir.config_parameter"].sudo().set_param("sale.automatic_invoice", False)
# The confirmation mail attaches the order's PDF; without wkhtmltopdf (not on this machine) the
# payment's post-processing fails with a UserError and the paid order stays a quotation.
confirmation = Env.ref("sale.mail_template_sale_confirmation", raise_if_not_found=False)
if confirmation and not shutil.which("wkhtmltopdf"):
    confirmation.report_template_ids = False
carrier = Env["delivery.carrier"].search([("name", "=", "Load free shipping")], limit=1)
if not carrier:
    service = Env["product.product"].create({"name": "Load shipping", "type": "service"})
    carrier = Env["delivery.carrier"].create(
        {
            "name": "Load free shipping",
            "delivery_type": "fixed",
            "fixed_price": 0.0,
            "product_id": service.id,
            "is_published": True,
            "website_id": False,
            "company_id": False,
        }
    )

spain = Env.ref("base.es")
shoppers = []
portal = Env.ref("base.group_portal")
for index in range(n_shoppers):
    login = f"load.shopper{index}@example.com"
    user = Env["res.users"].with_context(active_test=False).search([("login", "=", login)], limit=1)
    if not user:
        user = (
            Env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": f"Load shopper {index}",
                    "login": login,
                    "password": login,
                    "email": login,
                    "groups_id": [(6, 0, [portal.id])],
                    "company_id": company.id,
                    "company_ids": [(6, 0, [company.id])],
                }
            )
        )
        user.partner_id.write(
            {
                "street": f"Calle Mayor {index + 1}",
                "city": "Madrid",
                "zip": "28001",
                "country_id": spain.id,
                "phone": "+34600000000",
            }
        )
    shoppers.append(login)

customers = (
    Env["res.partner"]
    .search([("customer_rank", ">", 0), ("company_id", "in", [False, company.id])], limit=200)
    .ids
)
cards = [
    {"card_id": c.id, "program_id": c.program_id.id, "partner_id": c.partner_id.id}
    for c in Env["loyalty.card"].search(
        [
            ("program_id.program_type", "=", "loyalty"),
            ("partner_id", "!=", False),
            ("program_id.pos_ok", "=", True),
        ],
        limit=60,
    )
]
tokens = []
if suite and "omni_tracking_token" in Env["sale.order"]._fields:
    tokens = (
        Env["sale.order"]
        .search([("omni_tracking_token", "!=", False)], limit=50)
        .mapped("omni_tracking_token")
    )
Env.cr.commit()
print(
    "LOAD_CONTEXT "
    + json.dumps(
        {
            "db": Env.cr.dbname,
            "suite": suite,
            "tills": tills,
            "pos_products": pos_products,
            "shop_products": shop_products,
            "search_terms": terms,
            "customers": customers or [admin.partner_id.id],
            "cards": cards,
            "shoppers": shoppers,
            "backoffice": {"login": "admin", "password": "admin"},
            "provider_id": provider.id,
            "payment_method_id": method.id if method else False,
            "carrier_id": carrier.id,
            "tracking_tokens": tokens,
        }
    )
)

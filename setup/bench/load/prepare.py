# Run inside ``odoo shell`` (stdin) on a load database: opens one POS session per till, makes the
# demo payment provider and a free carrier usable, creates the shoppers, prints the context JSON.
# ``env`` is the shell's environment; LOAD_SHOPPERS / LOAD_SUITE / LOAD_GIFT_* / LOAD_RECEIPTS come from
# the environment.
import json
import os
import shutil

from dateutil.relativedelta import relativedelta

from odoo import fields

company = env.company  # noqa: F821 (odoo shell)
Env = env  # noqa: F821
suite = os.environ.get("LOAD_SUITE") == "1"
n_shoppers = int(os.environ.get("LOAD_SHOPPERS", "20"))
gift_prefix = os.environ.get("LOAD_GIFT_PREFIX", "LOADGC")
gift_count = int(os.environ.get("LOAD_GIFT_CARDS", "200"))
gift_balance = float(os.environ.get("LOAD_GIFT_BALANCE", "50"))
admin = Env.ref("base.user_admin")
admin.write({"password": "admin"})

tills = []
configs = Env["pos.config"].search([("company_id", "=", company.id)])
for config in configs:
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
                "config_id": config.id,
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
    # Its journal set as the provider form sets it: the inverse creates the provider's payment
    # method line now. Left to core account_payment's lazy compute, the first checkouts of the
    # run each create one when they read it at the same moment, and every later payment then
    # fails in _create_payment ("Expected singleton: account.payment.method.line(32, 33)").
    provider.journal_id = provider.journal_id or Env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
    )
    lines = Env["account.payment.method.line"].search_count([("payment_provider_id", "=", provider.id)])
    assert lines == 1, f"the demo provider has {lines} payment method lines"
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

# Gift cards: the gift-card program the tills accept (Odoo's own, loyalty.gift_card_program, unless the
# database has another one), offered in every till's POS (18.0 links programs to POS configs with
# pos_ok and pos_config_ids, empty meaning all), and a pool of cards with a balance for the tills to
# spend. Made on each phase's fresh clone, so the suite and plain Odoo get the same codes and balances.
# Each card starts at 0 and is topped up with the balance wizard, which writes the issued history row
# the invariants check the balance against.
Program = Env["loyalty.program"].with_context(active_test=True)
gift_domain = [
    ("program_type", "=", "gift_card"),
    ("company_id", "in", [False, company.id]),
    ("reward_ids.reward_type", "=", "discount"),
]
gift_program = Env.ref("loyalty.gift_card_program", raise_if_not_found=False)
if not (gift_program and gift_program.active and gift_program.filtered_domain(gift_domain)):
    gift_program = Program.search(gift_domain, limit=1)
if not gift_program:
    gift_product = Env["product.product"].create(
        {"name": "Load gift card", "type": "service", "list_price": 50, "taxes_id": [(5, 0, 0)]}
    )
    gift_program = Program.create(
        {
            "name": "Load gift cards",
            "program_type": "gift_card",
            "applies_on": "future",
            "trigger": "auto",
            "rule_ids": [
                (
                    0,
                    0,
                    {
                        "reward_point_amount": 1,
                        "reward_point_mode": "money",
                        "reward_point_split": True,
                        "product_ids": [(6, 0, gift_product.ids)],
                    },
                )
            ],
            "reward_ids": [
                (
                    0,
                    0,
                    {
                        "reward_type": "discount",
                        "discount_mode": "per_point",
                        "discount": 1,
                        "discount_applicability": "order",
                        "required_points": 1,
                    },
                )
            ],
        }
    )
program_vals = {}
if not gift_program.pos_ok:
    program_vals["pos_ok"] = True
if gift_program.pos_config_ids and configs - gift_program.pos_config_ids:
    program_vals["pos_config_ids"] = [(4, c.id) for c in configs - gift_program.pos_config_ids]
if program_vals:
    gift_program.write(program_vals)
gift_reward = gift_program.reward_ids.filtered(
    lambda r: r.reward_type == "discount" and r.discount_mode == "per_point"
)[:1]
for config in configs:
    assert gift_program in config._get_program_ids(), f"{config.name} does not offer {gift_program.name}"
Card = Env["loyalty.card"].with_context(action_no_send_mail=True, mail_notrack=True)
codes = [f"{gift_prefix}{index:04d}" for index in range(1, gift_count + 1)]
existing = {c.code: c for c in Card.search([("code", "in", codes)])}
new_cards = Card.create(
    [{"program_id": gift_program.id, "code": code, "points": 0} for code in codes if code not in existing]
)
for card in new_cards:
    Env["loyalty.card.update.balance"].create(
        {"card_id": card.id, "new_balance": gift_balance, "description": "Load run gift card balance"}
    ).action_update_card_point()
gift_cards = {c.code: c for c in Card.search([("code", "in", codes)])}
gift_line = product_row(gift_reward.discount_line_product_id)
gift = {
    "program_id": gift_program.id,
    "reward_id": gift_reward.id,
    "product_id": gift_line["id"],
    "tax_ids": gift_line["tax_ids"],
    "tax_rate": gift_line["tax_rate"],
    "balance": gift_balance,
    "created": len(new_cards),
    "cards": [{"card_id": gift_cards[code].id, "code": code} for code in codes if code in gift_cards],
}

# The same promotions on both sides: plain Odoo cannot have the suite's demo promotion for its Oro
# tier (15 % off every order), and the load's shoppers reach Oro as they buy; left active, every
# cart of the suite would compute a reward plain Odoo's carts do not have, and the comparison
# would weigh a promotion, not the suite's code.
if suite:
    tier_promotion = Env.ref("omni_loyalty.omni_loyalty_program_oro_demo", raise_if_not_found=False)
    if tier_promotion:
        tier_promotion.active = False

# LOAD_RECEIPTS=0: the suite's digital receipts off, to read what the e-mails of identified POS
# sales cost (a feature plain Odoo does not have) apart from the rest of the suite's overhead.
if suite and os.environ.get("LOAD_RECEIPTS") == "0":
    Env["res.company"].search([]).write({"omni_digital_receipt": False})

# The phase runs on a clone of a database built earlier: its daily (and longer) crons are
# overdue and would all catch up during the load (RFM, recommendation training, digests,
# auto-vacuum...). On a retailer's server they run at night: so here, on both sides. The
# crons of minutes and hours (SLA, holds, receipts, mail queue...) run as they would.
daily = Env["ir.cron"].search(
    [("active", "=", True), ("interval_type", "in", ("days", "weeks", "months", "years"))]
)
daily.write({"nextcall": fields.Datetime.now() + relativedelta(days=1)})
Env["ir.cron.trigger"].search([("cron_id", "in", daily.ids)]).unlink()

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
            "gift": gift,
            "shoppers": shoppers,
            "backoffice": {"login": "admin", "password": "admin"},
            "provider_id": provider.id,
            "payment_method_id": method.id if method else False,
            "carrier_id": carrier.id,
            "tracking_tokens": tokens,
        }
    )
)

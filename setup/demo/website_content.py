"""The chain's face on the web, for the demo database: logo, contact details, menu,
home page, product pictures and a *Nuestras tiendas* page with the 8 stores.

Called by generate.py once the network and the products exist. Everything is
drawn here with Pillow (Odoo's own requirement): no image is downloaded.
"""

import base64
import io
from html import escape

from PIL import Image, ImageDraw, ImageFont

BRAND = (18, 86, 112)
ACCENT = (240, 140, 60)
COLOURS = {
    "azul": (46, 104, 200),
    "negro": (34, 34, 38),
    "blanco": (246, 246, 240),
    "rojo": (196, 44, 50),
    "verde": (46, 132, 80),
    "gris": (136, 140, 146),
    "beige": (222, 200, 160),
    "marino": (24, 36, 84),
}
HOURS = "Lunes a sábado de 10:00 a 21:00"
STORES_URL = "/nuestras-tiendas"
CATEGORY_NAMES = {
    "Camiseta": "Camisetas",
    "Pantalón": "Pantalones",
    "Chaqueta": "Chaquetas",
    "Zapatilla": "Zapatillas",
    "Vestido": "Vestidos",
    "Sudadera": "Sudaderas",
    "Bolso": "Bolsos",
    "Gorra": "Gorras",
}
# Odoo's starter website text that a Spanish chain does not say about itself.
PLACEHOLDER_PHONES = ["+1 555-555-5556", "+1 (650) 555-0111", "+1 555-555-5555"]
PLACEHOLDER_MAILS = ["info@yourcompany.example.com", "info@yourcompany.com", "hello@mycompany.com"]
PLACEHOLDER_PLACES = ["250 Executive Park Blvd, Suite 3400", "San Francisco CA 94134", "United States"]
FONT_FILES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
]


def _font(size):
    for path in FONT_FILES:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


def _png(image):
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return base64.b64encode(out.getvalue())


def logo_png():
    """The chain's wordmark: a round 'o' of the brand's two colours and 'omnicanal'."""
    image = Image.new("RGBA", (640, 160), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((16, 24, 128, 136), fill=BRAND)
    draw.ellipse((44, 52, 100, 108), fill=(255, 255, 255, 255))
    draw.pieslice((16, 24, 128, 136), 300, 360, fill=ACCENT)
    draw.text((148, 36), "omnicanal", font=_font(72), fill=BRAND)
    return _png(image)


def _garment(draw, family, colour, outline):
    """A flat drawing of the garment family in ``colour`` on an 800 x 800 canvas."""
    shapes = {
        "Camiseta": [
            (250, 180),
            (330, 150),
            (470, 150),
            (550, 180),
            (650, 300),
            (570, 360),
            (540, 330),
            (540, 660),
            (260, 660),
            (260, 330),
            (230, 360),
            (150, 300),
        ],
        "Sudadera": [
            (250, 190),
            (330, 160),
            (470, 160),
            (550, 190),
            (640, 560),
            (570, 580),
            (540, 360),
            (540, 660),
            (260, 660),
            (260, 360),
            (230, 580),
            (160, 560),
        ],
        "Chaqueta": [
            (250, 180),
            (340, 150),
            (460, 150),
            (550, 180),
            (650, 580),
            (580, 600),
            (545, 380),
            (545, 670),
            (255, 670),
            (255, 380),
            (220, 600),
            (150, 580),
        ],
        "Pantalón": [(270, 140), (530, 140), (570, 680), (440, 680), (400, 330), (360, 680), (230, 680)],
        "Vestido": [(330, 130), (470, 130), (500, 300), (620, 680), (180, 680), (300, 300)],
        "Zapatilla": [(150, 460), (330, 420), (420, 330), (520, 350), (650, 470), (660, 560), (150, 560)],
    }
    if family in shapes:
        draw.polygon(shapes[family], fill=colour, outline=outline, width=6)
        if family == "Sudadera":
            draw.arc((320, 90, 480, 230), 180, 360, fill=outline, width=14)
        if family == "Chaqueta":
            draw.line((400, 160, 400, 670), fill=outline, width=8)
        if family == "Zapatilla":
            draw.rectangle((140, 560, 670, 600), fill=(250, 250, 250), outline=outline, width=6)
    elif family == "Bolso":
        draw.arc((290, 170, 510, 420), 180, 360, fill=outline, width=22)
        draw.rounded_rectangle((200, 300, 600, 640), 40, fill=colour, outline=outline, width=6)
    elif family == "Gorra":
        draw.pieslice((220, 220, 580, 580), 180, 360, fill=colour, outline=outline, width=6)
        draw.rounded_rectangle((380, 385, 680, 430), 20, fill=colour, outline=outline, width=6)
    else:
        draw.rounded_rectangle((220, 180, 580, 640), 60, fill=colour, outline=outline, width=6)


def product_png(name):
    """A catalogue picture for 'Camiseta azul 001': the garment in its colour on a light ground."""
    words = name.split()
    family = words[0] if words else ""
    colour = COLOURS.get(words[1] if len(words) > 1 else "", BRAND)
    image = Image.new("RGB", (800, 800), tuple(min(255, 200 + c // 5) for c in colour))
    draw = ImageDraw.Draw(image)
    outline = (60, 60, 60) if sum(colour) > 600 else tuple(max(0, c - 40) for c in colour)
    _garment(draw, family, colour, outline)
    draw.text((40, 720), "omnicanal", font=_font(40), fill=BRAND)
    return _png(image)


def _replace_placeholders(env, website, company):
    """Odoo's starter header and footer carry a Californian phone and mailbox: the chain's instead.

    Views are written in the website's context, so website copies them for this
    website (copy on write) and Odoo's own templates stay as they are.
    """
    address = f"{company.street}, {company.zip} {company.city}"
    replacements = [(old, company.phone) for old in PLACEHOLDER_PHONES]
    replacements += [(old, company.email) for old in PLACEHOLDER_MAILS]
    replacements += [
        (PLACEHOLDER_PLACES[0], address),
        (PLACEHOLDER_PLACES[1], ""),
        (PLACEHOLDER_PLACES[2], "España"),
    ]
    replacements += [
        ("My Company", company.name),
        ("YourCompany", company.name),
        ("Your Company", company.name),
    ]
    View = env["ir.ui.view"].with_context(website_id=website.id)
    domain = ["|"] * (len(PLACEHOLDER_PHONES) + len(PLACEHOLDER_MAILS) - 1)
    domain += [("arch_db", "ilike", text) for text in PLACEHOLDER_PHONES + PLACEHOLDER_MAILS]
    views = View.search([("type", "=", "qweb"), ("website_id", "in", (False, website.id)), *domain])
    changed = 0
    for view in views:
        arch = view.arch_db
        new = arch
        for old, value in replacements:
            new = new.replace(old, escape(value or ""))
        if new != arch:
            view.arch_db = new
            changed += 1
    return changed


def _stores_page_arch(nodes):
    cards = []
    for node in nodes:
        partner = node.partner_id
        lat, lon = node.omni_latitude, node.omni_longitude
        osm = f"https://www.openstreetmap.org/?mlat={lat:.5f}&amp;mlon={lon:.5f}#map=17/{lat:.5f}/{lon:.5f}"
        address = (
            f"{escape(partner.street or '')}<br/>{escape(partner.zip or '')} {escape(partner.city or '')}"
        )
        cards.append(
            f"""
            <div class="col-md-6 col-lg-3 mb-4 o_omni_store">
              <div class="card h-100 shadow-sm">
                <div class="card-body">
                  <h5 class="card-title">{escape(node.name)}</h5>
                  <p class="card-text mb-1">{address}</p>
                  <p class="card-text small text-muted mb-2">
                    <i class="fa fa-clock-o me-1"/>{escape(HOURS)}</p>
                  <p class="card-text small mb-2">
                    <i class="fa fa-shopping-bag me-1"/>Recogida de pedidos web</p>
                  <a class="btn btn-outline-primary btn-sm" href="{osm}" target="_blank"
                     rel="noopener">Ver en el mapa</a>
                </div>
              </div>
            </div>"""
        )
    return f"""<t t-name="omnicanal_demo.nuestras_tiendas">
  <t t-call="website.layout">
    <div id="wrap" class="oe_structure">
      <section class="container py-5">
        <h1 class="mb-2">Nuestras tiendas</h1>
        <p class="lead mb-4">{len(nodes)} tiendas donde comprar, recoger tus pedidos de la web
          y usar tu monedero.</p>
        <div class="row">{"".join(cards)}
        </div>
      </section>
    </div>
  </t>
</t>"""


HOME_ARCH = """<t t-name="website.homepage">
  <t t-call="website.layout">
    <t t-set="pageName" t-value="'homepage'"/>
    <div id="wrap" class="oe_structure oe_empty">
      <section class="s_cover pt-5 pb-5 text-white" style="background-color: rgb(18, 86, 112);">
        <div class="container py-5">
          <h1 class="display-4">Omnicanal</h1>
          <p class="lead">Tu tienda de moda en la calle y en la web: un solo cliente, un solo stock,
            un solo monedero.</p>
          <a class="btn btn-light btn-lg me-2" href="/shop">Ver la tienda</a>
          <a class="btn btn-outline-light btn-lg" href="/nuestras-tiendas">Nuestras tiendas</a>
        </div>
      </section>
      <section class="container py-5">
        <div class="row text-center">
          <div class="col-md-4"><h4>Recoge en tienda</h4>
            <p>Compra en la web y recoge en cualquiera de nuestras 8 tiendas.</p></div>
          <div class="col-md-4"><h4>Stock de toda la red</h4>
            <p>Si tu tienda no lo tiene, te lo enviamos desde otra.</p></div>
          <div class="col-md-4"><h4>Un solo monedero</h4>
            <p>Tus puntos y tarjetas regalo valen igual en la tienda y en la web.</p></div>
        </div>
      </section>
    </div>
  </t>
</t>"""


def _menu(env, website):
    """The chain's own top menu: Inicio, Tienda, Nuestras tiendas, Contacto."""
    Menu = env["website.menu"]
    root = website.menu_id
    wanted = [
        ("Inicio", "Home", "/"),
        ("Tienda", "Shop", "/shop"),
        ("Nuestras tiendas", "Our stores", STORES_URL),
        ("Contacto", "Contact us", "/contactus"),
    ]
    root.child_id.unlink()
    for sequence, (spanish, english, url) in enumerate(wanted):
        menu = Menu.with_context(lang="en_US").create(
            {
                "name": english,
                "url": url,
                "parent_id": root.id,
                "website_id": website.id,
                "sequence": sequence,
            }
        )
        menu.with_context(lang="es_ES").name = spanish
    return len(wanted)


def setup_website(env, company, nodes, log):
    website = env["website"].search([("company_id", "=", company.id)], limit=1)
    if not website:
        return
    logo = logo_png()
    company.logo = logo
    website.write({"logo": logo, "name": "Omnicanal", "social_default_image": logo})
    changed = _replace_placeholders(env, website, company)
    menus = _menu(env, website)
    Page = env["website.page"]
    stores = [node for node in nodes if node.omni_pickup]
    page = Page.search([("url", "=", STORES_URL), ("website_id", "=", website.id)], limit=1)
    values = {"arch": _stores_page_arch(stores), "name": "Nuestras tiendas"}
    if page:
        page.view_id.arch = values["arch"]
    else:
        Page.create(
            dict(
                values,
                url=STORES_URL,
                key="omnicanal_demo.nuestras_tiendas",
                type="qweb",
                website_id=website.id,
                is_published=True,
                website_indexed=True,
            )
        )
    home = env.ref("website.homepage", raise_if_not_found=False)
    if home:
        home.with_context(website_id=website.id).arch_db = HOME_ARCH
    log(
        f"website: logo, {changed} templates with the chain's contact details, {menus} menus, "
        f"home page, {STORES_URL} with {len(stores)} stores"
    )


def setup_catalogue(env, templates, log):
    """The chain's products get their pictures and the shop's categories (one per garment family);
    Odoo's demo furniture, services and their categories leave the shop."""
    Category = env["product.public.category"]
    families = {}
    for template in templates:
        family = template.name.split()[0]
        if family not in families:
            families[family] = Category.create({"name": CATEGORY_NAMES.get(family, family)})
        template.write(
            {"image_1920": product_png(template.name), "public_categ_ids": [(6, 0, families[family].ids)]}
        )
    (Category.search([]) - Category.union(*families.values())).unlink()
    Template = env["product.template"]
    # What the chain sells beside its clothes (gift cards, eWallet top-ups) and a POS needs (tips).
    wallets = env["loyalty.program"].search([("program_type", "in", ("gift_card", "ewallet"))])
    keep = (wallets.trigger_product_ids | wallets.reward_ids.discount_line_product_id).product_tmpl_id
    keep |= env["pos.config"].search([]).tip_product_id.product_tmpl_id
    others = Template.search(
        [
            ("id", "not in", (templates | keep).ids),
            "|",
            ("is_published", "=", True),
            ("available_in_pos", "=", True),
        ]
    )
    others.write({"is_published": False})
    # A product inside a POS combo cannot leave the POS (point_of_sale's constraint): it stays there,
    # the combo products themselves leave it.
    in_combos = env["product.combo.item"].search([]).product_id.product_tmpl_id
    (others - in_combos).write({"available_in_pos": False})
    log(
        f"catalogue: {len(templates)} pictures drawn, {len(families)} shop categories, "
        f"{len(others)} Odoo demo products out of the shop and the POS"
    )

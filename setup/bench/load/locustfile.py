"""Locust users of the Omnicanal load run: tills, shoppers, back office, readers.

Run by run_load.py (``locust -f locustfile.py --headless ...``) with LOAD_CONTEXT
naming the JSON file prepare.py wrote (sessions, products, customers, cards,
logins). Every request goes to the --host given (127.0.0.1 only).
"""

import json
import os
import random
import sys
import threading
import time

from locust import HttpUser, between, events, task

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import loadlib

CONTEXT = {}
if os.environ.get("LOAD_CONTEXT"):
    with open(os.environ["LOAD_CONTEXT"], encoding="utf-8") as _handle:
        CONTEXT = json.load(_handle)
UUID_FILE = os.environ.get("LOAD_UUID_FILE")
GIFT_UUID_FILE = os.environ.get("LOAD_GIFT_UUID_FILE")
RESEND_FLAG = os.environ.get("LOAD_RESEND_FLAG")
GIFT = CONTEXT.get("gift") or {}
# Share of the tills' sales paid partly (or wholly) with a gift card, and of those, the share spending
# the hot card that every till spends at once now and then (loadlib.GiftCardPool).
GIFT_SHARE = float(os.environ.get("LOAD_GIFT_SHARE", "0.15"))
GIFT_HOT_SHARE = float(os.environ.get("LOAD_GIFT_HOT_SHARE", "0.8"))
GIFT_POOL = loadlib.GiftCardPool(
    GIFT.get("cards", []),
    min(int(os.environ.get("LOAD_GIFT_HOT", loadlib.GIFT_CARD_HOT)), len(GIFT.get("cards", []))),
    GIFT_HOT_SHARE,
)
_uuid_lock = threading.Lock()
_till_seq = iter(range(10**9))
_shopper_seq = iter(range(10**9))
RETRY = object()  # the server asked the page to poll again


def _record_uuid(uuid, path=None):
    path = path or UUID_FILE
    if path:
        with _uuid_lock, open(path, "a", encoding="utf-8") as handle:
            handle.write(uuid + "\n")


def _count(name, kind):
    """A counter row in Locust's stats (errors by type, retries): response time 0."""
    events.request.fire(
        request_type=kind, name=name, response_time=0, response_length=0, exception=None, context={}
    )


class OdooUser(HttpUser):
    abstract = True

    def _login(self, login, password):
        with self.client.post(
            "/web/session/authenticate",
            json={"jsonrpc": "2.0", "params": {"db": CONTEXT["db"], "login": login, "password": password}},
            name="login",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "error" in (response.json() if response.content else {}):
                response.failure(f"login {response.status_code}")

    def _jsonrpc(self, url, params, name, retry_asked=False):
        """POST a JSON-RPC call; the result, or None (failure recorded by its error type).

        retry_asked: an error whose message is "retry" (payment's ``poll_status`` when the
        post-processing could not commit) is the server asking the page to poll again, as
        payment's post_processing.js does: not a failure, the result is RETRY.
        """
        with self.client.post(
            url,
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return None
            try:
                body = response.json()
            except ValueError:
                response.failure("not JSON")
                return None
            if "error" in body:
                data = body["error"].get("data") or {}
                if retry_asked and data.get("message") == "retry":
                    response.success()
                    return RETRY
                response.failure(f"RPC {data.get('name') or body['error'].get('message')}")
                return None
            return body.get("result")

    def _call_kw(self, model, method, args, name, kwargs=None):
        return self._jsonrpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
            name,
        )


class Till(OdooUser):
    """A store's till: one open POS session, paid orders synced as the 18.0 POS does."""

    weight = 4
    wait_time = between(0.5, 1.5)

    def on_start(self):
        tills = CONTEXT["tills"]
        self.till = tills[next(_till_seq) % len(tills)]
        self.queue = []  # what the till sent: its offline queue, replayed by the resend fault
        self.resent = False
        self.seq = 1
        self._login(self.till["login"], self.till["password"])

    def _sync(self, orders, name):
        for attempt in range(3):
            result = self._call_kw("pos.order", "sync_from_ui", [orders], name)
            if result is not None:
                return result
            _count("pos sync retried", "retry")
            time.sleep(0.5 * (attempt + 1))
        return None

    @task
    def sell(self):
        if RESEND_FLAG and not self.resent and os.path.exists(RESEND_FLAG) and self.queue:
            self.resent = True
            for _round in range(2):
                self._sync([payload for payload, _coupon in self.queue], "pos resend offline queue")
                for payload, coupon in self.queue:
                    if coupon:
                        self._confirm(payload["uuid"], coupon, "pos resend confirm_coupon_programs")
            return
        products = random.sample(
            CONTEXT["pos_products"], k=min(len(CONTEXT["pos_products"]), random.randint(1, 4))
        )
        lines = [(product, random.randint(1, 3)) for product in products]
        if GIFT.get("cards") and random.random() < GIFT_SHARE:
            self._sell_with_gift_card(lines)
            return
        card = random.choice(CONTEXT["cards"]) if CONTEXT["cards"] and random.random() < 0.4 else None
        partner = (
            card["partner_id"]
            if card
            else (random.choice(CONTEXT["customers"]) if random.random() < 0.3 else False)
        )
        payload = self._order(lines, partner)
        coupon = None
        if card:
            points = round(payload["amount_total"], 2)
            coupon = loadlib.points_coupon_data(
                card["card_id"], card["program_id"], card["partner_id"], points
            )
        self._push(payload, coupon)

    def _order(self, lines, partner):
        payload = loadlib.pos_order_payload(
            {"session_id": self.till["session_id"], "config": self.till["config"]},
            loadlib.random_uuid(),
            lines,
            partner_id=partner,
            sequence_number=self.seq,
            now=time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
        )
        self.seq += 1
        return payload

    def _push(self, payload, coupon, gift=False):
        """Sync a paid order, then (with ``coupon``) its loyalty effect, as the 18.0 POS does."""
        uuid = payload["uuid"]
        self.queue.append((payload, coupon))
        result = self._sync([payload], "pos sync_from_ui")
        if result is not None:
            # acknowledged by the server: from now on the till drops it from its queue, so it must be saved
            _record_uuid(uuid)
        if result and coupon:
            confirmed = self._confirm(uuid, coupon, "pos confirm_coupon_programs", result)
            if confirmed is not None and gift:
                _record_uuid(uuid, GIFT_UUID_FILE)
                _count("gift card sale", "giftcard")
                if confirmed.get("omni_warning"):
                    _count("gift card overspend flagged", "giftcard")

    def _sell_with_gift_card(self, lines):
        """A sale paid with a gift card, the rest in cash, as the 18.0 POS (pos_loyalty) does it.

        The cashier scans the card (``pos.config.use_coupon_code``: the card and its balance); the POS
        adds the gift card's reward line for the whole order up to that balance; the customer pays the
        rest; on validation the POS checks the card again (``validate_coupon_programs``: refused when
        the balance went down meanwhile, the POS then takes the new balance, and the cashier validates
        again); then ``sync_from_ui``, ``confirm_coupon_programs`` and ``add_loyalty_history_lines``.
        Two tills spending the hot card between one's check and the other's confirmation is the
        double spend the suite must settle (charged up to the balance, the order flagged, never lost).
        """
        partner = random.choice(CONTEXT["customers"]) if random.random() < 0.3 else False
        payload = self._order(lines, partner)
        card, is_hot = GIFT_POOL.pick()
        balance = self._scan_gift_card(card, payload, partner) if card else None
        amount = loadlib.gift_card_spend(balance, payload["amount_total"])
        if card and not amount:
            GIFT_POOL.drained(card)
            _count("gift card empty at the till (paid in cash)", "giftcard")
        if amount:
            time.sleep(random.uniform(0.5, 2.0))  # the customer pays the rest before the cashier validates
            for _attempt in range(3):
                check = self._call_kw(
                    "pos.order",
                    "validate_coupon_programs",
                    [[], {str(card["card_id"]): -amount}, []],
                    "pos validate_coupon_programs",
                )
                if check is None or check.get("successful"):
                    break  # the POS does not block on a check that failed to answer
                _count("gift card balance changed at the check", "giftcard")
                updated = (check.get("payload") or {}).get("updated_points") or {}
                balance = updated.get(str(card["card_id"]), updated.get(card["card_id"]))
                amount = loadlib.gift_card_spend(balance, payload["amount_total"])
                if not amount:
                    GIFT_POOL.drained(card)
                    break
            else:
                amount = 0.0  # refused three times: the customer pays it all in cash
        coupon = None
        if amount:
            if is_hot:
                _count("gift card sale on the hot card", "giftcard")
            code = loadlib.reward_code()
            payload = loadlib.gift_card_payload(payload, GIFT, card["card_id"], amount, code)
            coupon = loadlib.gift_card_coupon_data(card["card_id"], GIFT["program_id"], amount, code)
        self._push(payload, coupon, gift=bool(coupon))
        if coupon and amount >= (balance or 0.0) - 0.005:
            # this sale spent what the card held: once it is confirmed, the next hot pick is the next card
            # (tills that scanned it before still spend it: the concurrent spend)
            GIFT_POOL.drained(card)

    def _scan_gift_card(self, card, payload, partner):
        """``use_coupon_code`` as the POS calls it when a code is scanned: the balance, or None."""
        config = self.till["config"]
        found = self._call_kw(
            "pos.config",
            "use_coupon_code",
            [[config["config_id"]], card["code"], payload["date_order"], partner, config["pricelist_id"]],
            "pos use_coupon_code",
        )
        if not found or not found.get("successful"):
            return None
        return (found.get("payload") or {}).get("points")

    def _confirm(self, uuid, coupon, name, result=None):
        """``confirm_coupon_programs``, then ``add_loyalty_history_lines``: the first's result, or None."""
        order_ids = [o["id"] for o in (result or {}).get("pos.order", []) if o.get("uuid") == uuid]
        if not order_ids:
            found = self._call_kw(
                "pos.order", "search_read", [[["uuid", "=", uuid]], ["id"]], "pos find order"
            )
            order_ids = [o["id"] for o in found or []]
        if not order_ids:
            return None
        confirmed = self._call_kw("pos.order", "confirm_coupon_programs", [order_ids[:1], coupon], name)
        if confirmed is not None:
            updates = [{"id": u["id"], "old_id": u["old_id"]} for u in confirmed.get("coupon_updates") or []]
            history = loadlib.loyalty_history_lines(order_ids[0], coupon)
            self._call_kw(
                "pos.order",
                "add_loyalty_history_lines",
                [order_ids[:1], history, updates],
                "pos add_loyalty_history_lines",
            )
        return confirmed


class Shopper(OdooUser):
    """A signed-in customer: browses, searches, adds to the cart, pays with the demo provider."""

    weight = 3
    wait_time = between(1, 3)

    def on_start(self):
        shoppers = CONTEXT["shoppers"]
        self.login = shoppers[next(_shopper_seq) % len(shoppers)]
        self._login(self.login, self.login)

    @task(3)
    def browse(self):
        self.client.get("/shop", name="GET /shop")
        self.client.get(f"/shop?search={random.choice(CONTEXT['search_terms'])}", name="GET /shop?search")
        product = random.choice(CONTEXT["shop_products"])
        self.client.get(product["url"], name="GET /shop/<product>")

    @task(1)
    def checkout(self):
        product = random.choice(CONTEXT["shop_products"])
        if (
            self._jsonrpc(
                "/shop/cart/update_json", {"product_id": product["id"], "add_qty": 1}, "cart update_json"
            )
            is None
        ):
            return
        self.client.get("/shop/cart", name="GET /shop/cart")
        if CONTEXT.get("carrier_id"):
            self._jsonrpc(
                "/shop/set_delivery_method", {"dm_id": CONTEXT["carrier_id"]}, "set_delivery_method"
            )
        with self.client.get("/shop/payment", name="GET /shop/payment", catch_response=True) as page:
            html = page.text if page.status_code == 200 else ""
            form = loadlib.payment_form(html)
            if not form:
                page.failure("payment form missing")
                return
        route, token, amount = form
        tx = self._jsonrpc(route, loadlib.transaction_params(CONTEXT, token, amount), "payment transaction")
        if not tx or not tx.get("reference"):
            return
        self._jsonrpc(
            "/payment/demo/simulate_payment",
            {"reference": tx["reference"], "payment_details": "4242", "simulated_state": "done"},
            "payment demo simulate",
        )
        for attempt in range(5):  # the fifth "retry" is a failure
            result = self._jsonrpc("/payment/status/poll", {}, "payment status poll", retry_asked=attempt < 4)
            if result is not RETRY:
                break
            _count("payment status poll asked to retry", "retry")
            time.sleep(1)
        if result is not None and result is not RETRY:
            _count("web order paid", "orders")


class BackOffice(OdooUser):
    """A salesperson: quotation created and confirmed by JSON-RPC."""

    weight = 1
    wait_time = between(2, 4)

    def on_start(self):
        self._login(CONTEXT["backoffice"]["login"], CONTEXT["backoffice"]["password"])

    @task
    def order(self):
        product = random.choice(CONTEXT["shop_products"])
        order_id = self._call_kw(
            "sale.order",
            "create",
            [
                {
                    "partner_id": random.choice(CONTEXT["customers"]),
                    "order_line": [
                        [0, 0, {"product_id": product["id"], "product_uom_qty": random.randint(1, 2)}]
                    ],
                }
            ],
            "sale.order create",
        )
        if order_id:
            if (
                self._call_kw("sale.order", "action_confirm", [[order_id]], "sale.order action_confirm")
                is not None
            ):
                _count("back-office order confirmed", "orders")


class Reader(OdooUser):
    """Anonymous visitors' JSON reads: availability and recommendations (suite routes only)."""

    weight = 2
    wait_time = between(0.5, 1.5)

    @task
    def read(self):
        if not CONTEXT.get("suite"):
            self.client.get(random.choice(CONTEXT["shop_products"])["url"], name="GET /shop/<product>")
            return
        product = random.choice(CONTEXT["shop_products"])
        self._jsonrpc(
            "/omni/availability", {"product_id": product["id"], "postcode": "28001"}, "omni availability JSON"
        )
        self.client.get(f"/omni_recommend/for_you?product_id={product['id']}", name="omni recommend JSON")
        if CONTEXT.get("tracking_tokens"):
            self.client.get(
                f"/omni/track/{random.choice(CONTEXT['tracking_tokens'])}", name="omni track page"
            )

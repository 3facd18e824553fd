"""Locust users of the Omnicanal load run: tills, shoppers, back office, readers.

Run by run_load.py (``locust -f locustfile.py --headless ...``) with LOAD_CONTEXT
naming the JSON file prepare.py wrote (sessions, products, customers, cards,
logins). Every request goes to the --host given (127.0.0.1 only).
"""

import json
import os
import random
import re
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
RESEND_FLAG = os.environ.get("LOAD_RESEND_FLAG")
_uuid_lock = threading.Lock()
_till_seq = iter(range(10**9))
_shopper_seq = iter(range(10**9))
TX_ROUTE_RE = re.compile(r'data-transaction-route="(/shop/payment/transaction/\d+)"')
TOKEN_RE = re.compile(r'data-access-token="([^"]+)"')
AMOUNT_RE = re.compile(r'data-amount="([0-9.]+)"')
PROVIDER_RE = re.compile(r'data-provider-id="(\d+)"')
METHOD_RE = re.compile(r'data-payment-method-id="(\d+)"')


def _record_uuid(uuid):
    if UUID_FILE:
        with _uuid_lock, open(UUID_FILE, "a", encoding="utf-8") as handle:
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

    def _jsonrpc(self, url, params, name):
        """POST a JSON-RPC call; the result, or None (failure recorded by its error type)."""
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
        card = random.choice(CONTEXT["cards"]) if CONTEXT["cards"] and random.random() < 0.4 else None
        partner = (
            card["partner_id"]
            if card
            else (random.choice(CONTEXT["customers"]) if random.random() < 0.3 else False)
        )
        uuid = loadlib.random_uuid()
        payload = loadlib.pos_order_payload(
            {"session_id": self.till["session_id"], "config": self.till["config"]},
            uuid,
            lines,
            partner_id=partner,
            sequence_number=self.seq,
            now=time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
        )
        self.seq += 1
        coupon = None
        if card:
            points = round(payload["amount_total"], 2)
            coupon = loadlib.points_coupon_data(
                card["card_id"], card["program_id"], card["partner_id"], points
            )
        self.queue.append((payload, coupon))
        result = self._sync([payload], "pos sync_from_ui")
        if result is not None:
            # acknowledged by the server: from now on the till drops it from its queue, so it must be saved
            _record_uuid(uuid)
        if result and coupon:
            self._confirm(uuid, coupon, "pos confirm_coupon_programs", result)

    def _confirm(self, uuid, coupon, name, result=None):
        order_ids = [o["id"] for o in (result or {}).get("pos.order", []) if o.get("uuid") == uuid]
        if not order_ids:
            found = self._call_kw(
                "pos.order", "search_read", [[["uuid", "=", uuid]], ["id"]], "pos find order"
            )
            order_ids = [o["id"] for o in found or []]
        if order_ids:
            self._call_kw("pos.order", "confirm_coupon_programs", [order_ids[:1], coupon], name)


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
            found = [rx.search(html) for rx in (TX_ROUTE_RE, TOKEN_RE, AMOUNT_RE)]
            if not all(found):
                page.failure("payment form missing")
                return
        route, token, amount = (m.group(1) for m in found)
        tx = self._jsonrpc(
            route,
            {
                "provider_id": CONTEXT["provider_id"],
                "payment_method_id": CONTEXT["payment_method_id"],
                "token_id": None,
                "amount": float(amount),
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": "/shop/payment/validate",
                "access_token": token,
            },
            "payment transaction",
        )
        if not tx or not tx.get("reference"):
            return
        self._jsonrpc(
            "/payment/demo/simulate_payment",
            {"reference": tx["reference"], "payment_details": "4242", "simulated_state": "done"},
            "payment demo simulate",
        )
        if self._jsonrpc("/payment/status/poll", {}, "payment status poll") is not None:
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

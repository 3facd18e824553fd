#!/usr/bin/env python3
"""Cart updates on one popular product: throughput and failures, Omnicanal vs plain Odoo 18.

Creates two throwaway databases on the private cluster (``.omni/<cluster>``):
one with omni_inventory_aisle, one with plain website_sale_stock (Odoo 18 as
shipped), each with one storable product and plenty of stock. Serves each with
``--workers 4`` and has 1, 10 and 50 anonymous shoppers (one session, so one
cart, each) send ``/shop/cart/update_json`` for that product at the same time.
Prints requests/s, median and p95 latency and failed requests per level, for
both databases in the same run, then drops them (``--keep`` keeps them).

    python3 setup/bench/bench_cart.py [--pg-port 5442] [--http-port 8082]
        [--levels 1,10,50] [--requests 10] [--workers 4] [--keep] [--reuse] [--proxy]

A failed request is an HTTP error, a JSON-RPC error or an answer without the
cart quantity. Target: 0 failed requests at 50 shoppers.
"""

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from omnicanal import env as omni_env  # noqa: E402

VARIANTS = [
    ("omnicanal", "bench_cart_omni", "omni_inventory_aisle"),
    ("plain Odoo 18", "bench_cart_plain", "website_sale_stock,website_sale_collect"),
]
SETUP_SCRIPT = """
product = env["product.product"].create({
    "name": "Bench popular product",
    "is_storable": True,
    "allow_out_of_stock_order": False,
    "is_published": True,
    "sale_ok": True,
    "list_price": 10.0,
})
warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 1000000)
env.cr.commit()
print("BENCH_PRODUCT", product.id)
"""


def odoo_cmd(python, conf, db, *extra, sub=()):
    return [python, "-m", "odoo", *sub, "-c", conf, "-d", db, "--db-filter", f"^{db}$", *extra]


def prepare(python, env, conf, db_params, db, modules, reuse):
    if reuse and omni_env.database_exists(db_params, db):
        print(f"   reusing {db}", flush=True)
    else:
        if omni_env.database_exists(db_params, db):
            omni_env.drop_database(db_params, db)
        print(f"   installing {modules} on {db} (minutes)...", flush=True)
        subprocess.run(
            odoo_cmd(
                python,
                conf,
                db,
                "-i",
                modules,
                "--without-demo=all",
                "--stop-after-init",
                "--max-cron-threads=0",
                "--log-level=warn",
            ),
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    out = subprocess.run(
        odoo_cmd(python, conf, db, "--log-level=warn", sub=("shell",)),
        input=SETUP_SCRIPT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(next(line.split()[1] for line in out.splitlines() if line.startswith("BENCH_PRODUCT")))


def wait_up(base, proc, timeout=180):
    import requests

    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the Odoo server stopped")
        try:
            if requests.get(base + "/web/login", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise RuntimeError("the Odoo server did not answer")


def shopper(base, product_id, requests_per_shopper, barrier, out):
    import requests

    session = requests.Session()
    ok = failed = 0
    latencies = []
    reasons = {}
    try:
        session.get(base + "/shop", timeout=60)  # the visitor's session
    except requests.RequestException:
        pass
    barrier.wait()
    for i in range(requests_per_shopper):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": i,
            "params": {"product_id": product_id, "add_qty": 1},
        }
        start = time.perf_counter()
        reason = None
        try:
            response = session.post(base + "/shop/cart/update_json", json=payload, timeout=120)
            body = response.json() if response.status_code == 200 else {}
            if response.status_code != 200:
                reason = f"HTTP {response.status_code}"
            elif "error" in body:
                reason = body["error"].get("data", {}).get("name") or "JSON-RPC error"
            elif "quantity" not in (body.get("result") or {}):
                reason = "no cart quantity"
        except requests.Timeout:
            reason = "timeout"
        except requests.ConnectionError as exc:
            # Which layer refused: the connection (accept queue, reset) or the answer.
            cause = exc.args[0] if exc.args else exc
            cause = getattr(cause, "reason", cause)
            reason = f"ConnectionError ({type(cause).__name__})"
        except (requests.RequestException, ValueError) as exc:
            reason = type(exc).__name__
        latencies.append(time.perf_counter() - start)
        ok += reason is None
        failed += reason is not None
        if reason:
            reasons[reason] = reasons.get(reason, 0) + 1
    out.append((ok, failed, latencies, reasons))


def run_level(base, product_id, shoppers, requests_per_shopper):
    barrier = threading.Barrier(shoppers + 1)
    out = []
    threads = [
        threading.Thread(target=shopper, args=(base, product_id, requests_per_shopper, barrier, out))
        for _ in range(shoppers)
    ]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    ok = sum(o[0] for o in out)
    failed = sum(o[1] for o in out)
    latencies = sorted(lat for o in out for lat in o[2])
    reasons = {}
    for o in out:
        for reason, count in o[3].items():
            reasons[reason] = reasons.get(reason, 0) + count
    p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else 0.0
    return {
        "shoppers": shoppers,
        "requests": ok + failed,
        "ok": ok,
        "failed": failed,
        "rps": (ok + failed) / elapsed if elapsed else 0.0,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else 0.0,
        "p95_ms": p95 * 1000,
        "reasons": reasons,
    }


HAPROXY_CONF = """
global
    maxconn 2048
defaults
    mode http
    timeout connect 10s
    timeout client 600s
    timeout server 600s
    timeout queue 600s
    option forwardfor
frontend shop
    bind 127.0.0.1:{port}
    default_backend odoo
backend odoo
    server odoo1 127.0.0.1:{odoo_port} maxconn {maxconn}
"""


def start_proxy(port, odoo_port, workers):
    """HAProxy in front of Odoo, queueing what Odoo's workers cannot take yet.

    Odoo's prefork server accepts ``8 x workers`` pending connections; beyond
    that the kernel drops them and a shopper gets a reset or a timeout, on
    plain Odoo as with the suite. A proxy that holds the extra requests in its
    own queue (``maxconn`` per server, 2 per worker) is how a shop with more
    simultaneous shoppers than Odoo workers is served.
    """
    import shutil

    binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not os.path.exists(binary):
        sys.exit("--proxy needs HAProxy (Debian: apt-get install haproxy)")
    path = os.path.join(omni_env.STATE, "bench_haproxy.cfg")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(HAPROXY_CONF.format(port=port, odoo_port=odoo_port, maxconn=2 * workers))
    print(f"   HAProxy on {port} ({2 * workers} at a time) in front of Odoo on {odoo_port}", flush=True)
    return subprocess.Popen([binary, "-f", path, "-db"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pg-port", type=int, default=None)
    parser.add_argument("--http-port", type=int, default=8069)
    parser.add_argument("--cluster", default="pgtest", help="private cluster name under .omni/")
    parser.add_argument("--levels", default="1,10,50")
    parser.add_argument("--requests", type=int, default=10, help="cart updates per shopper")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the two databases")
    parser.add_argument("--reuse", action="store_true", help="reuse the databases of a --keep run")
    parser.add_argument("--install-only", action="store_true", help="create the databases and stop")
    parser.add_argument(
        "--proxy",
        action="store_true",
        help="serve Odoo behind HAProxy (--proxy-mode), which queues what the workers cannot take yet; "
        "Odoo then listens on --http-port + 1",
    )
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]

    found = omni_env.odoo_python()
    if not found:
        sys.exit(omni_env.HOW_TO_PROVIDE_ODOO)
    python, pythonpath = found
    db_params = omni_env.ensure_cluster(args.cluster, port=args.pg_port)
    addons_paths = omni_env.odoo_addons_paths(python, pythonpath)
    odoo_port = args.http_port + 1 if args.proxy else args.http_port
    conf = omni_env.write_config(
        os.path.join(omni_env.STATE, "bench_cart.conf"),
        db_params,
        addons_paths,
        http_port=odoo_port,
        # 50 shoppers must not queue behind the worker limits Odoo sets by default.
        extra={"limit_time_real": 600, "limit_time_cpu": 600, "db_maxconn": 128, "proxy_mode": args.proxy},
    )
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath + os.pathsep + env.get("PYTHONPATH", "")
    base = f"http://127.0.0.1:{args.http_port}"
    report = {}
    for label, db, modules in VARIANTS:
        print(f">> {label}", flush=True)
        product_id = prepare(python, env, conf, db_params, db, modules, args.reuse)
        if args.install_only:
            continue
        server_log = os.path.join(omni_env.STATE, "logs", f"bench_cart_{db}.log")
        os.makedirs(os.path.dirname(server_log), exist_ok=True)
        print(f"   serving with --workers {args.workers}, log: {server_log}", flush=True)
        proc = subprocess.Popen(
            odoo_cmd(
                python,
                conf,
                db,
                f"--workers={args.workers}",
                "--max-cron-threads=0",
                "--log-level=warn",
                f"--logfile={server_log}",
            ),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        proxy = start_proxy(args.http_port, odoo_port, args.workers) if args.proxy else None
        try:
            wait_up(base, proc)
            run_level(base, product_id, 2, 2)  # warm the workers' registries
            report[label] = [run_level(base, product_id, n, args.requests) for n in levels]
        finally:
            proc.terminate()
            proc.wait(timeout=60)
            if proxy:
                proxy.terminate()
                proxy.wait(timeout=30)
        if not args.keep:
            omni_env.drop_database(db_params, db)

    front = "behind HAProxy" if args.proxy else "direct (Odoo's accept queue: 8 x workers connections)"
    print(f"\ncart updates on one product, {args.requests} per shopper, --workers {args.workers}, {front}")
    print(
        f"{'variant':<16}{'shoppers':>9}{'requests':>10}{'failed':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}"
    )
    for label, rows in report.items():
        for row in rows:
            print(
                f"{label:<16}{row['shoppers']:>9}{row['requests']:>10}{row['failed']:>8}"
                f"{row['rps']:>9.1f}{row['p50_ms']:>9.0f}{row['p95_ms']:>9.0f}"
                + (f"  {row['reasons']}" if row["reasons"] else "")
            )
    failed_at_max = sum(
        row["failed"] for row in report.get("omnicanal", []) if row["shoppers"] == max(levels)
    )
    return 1 if failed_at_max else 0


if __name__ == "__main__":
    sys.exit(main())

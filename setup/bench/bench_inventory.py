#!/usr/bin/env python3
"""omni_inventory_aisle benchmarks: network availability and order sourcing.

Runs inside a database where omni_inventory_aisle is installed. Creates 50
network nodes and 20 storable products spread over them, measures, and rolls
everything back. Prints figures; asserts nothing (targets are in the README).

    python3 setup/bench/bench_inventory.py -c ODOO_CONF -d DB [--nodes 50]
        [--products 20] [--lines 10] [--repeat 50]
"""

import argparse
import random
import statistics
import time


def timed(cr, func, repeat):
    """Median wall time (ms) and queries of one call."""
    times, queries = [], None
    for _ in range(repeat):
        cr.execute("SELECT 1")  # keep the connection warm
        before = cr.sql_log_count
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
        queries = cr.sql_log_count - before
    return statistics.median(times), queries


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--nodes", type=int, default=50)
    parser.add_argument("--products", type=int, default=20)
    parser.add_argument("--lines", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()

    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config])
    odoo.service.server.load_server_wide_modules()
    registry = odoo.modules.registry.Registry.new(args.database)
    rnd = random.Random(4)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        t0 = time.time()
        env["stock.warehouse"].search([]).write({"omni_in_network": False})
        nodes = env["stock.warehouse"].create(
            [
                {
                    "name": f"Bench node {i}",
                    "code": f"B{i:03d}",
                    "omni_node_type": "store" if i % 5 else "warehouse",
                    "omni_ships": i % 7 != 0,
                    "omni_latitude": 36.5 + rnd.random() * 6.5,
                    "omni_longitude": -8.5 + rnd.random() * 11,
                }
                for i in range(args.nodes)
            ]
        )
        products = env["product.product"].create(
            [
                {"name": f"Bench product {i}", "is_storable": True, "allow_out_of_stock_order": False}
                for i in range(args.products)
            ]
        )
        Quant = env["stock.quant"]
        for product in products:
            for node in nodes:
                if rnd.random() < 0.6:
                    Quant._update_available_quantity(product, node.lot_stock_id, rnd.randint(1, 20))
        website = env["website"].search([], limit=1)
        website.warehouse_id = nodes[0]
        channel = env["omni.channel"]._omni_for_website(website)
        env.flush_all()
        print(f"setup: {args.nodes} nodes, {args.products} products in {time.time() - t0:.1f}s")

        service = env["omni.stock.availability"]

        def network():
            env.invalidate_all()
            service._omni_get(products.ids, nodes.ids, channel=channel)

        ms, queries = timed(cr, network, args.repeat)
        print(
            f"availability {args.products} products x {args.nodes} nodes (omni service): "
            f"{queries} queries, {ms:.1f} ms median"
        )

        def stock_one_warehouse():
            env.invalidate_all()
            return [
                product.with_context(warehouse_id=website.warehouse_id.id).free_qty for product in products
            ]

        ms, queries = timed(cr, stock_one_warehouse, args.repeat)
        print(
            f"website_sale_stock figure, {args.products} products x 1 warehouse "
            f"(free_qty per product): {queries} queries, {ms:.1f} ms median"
        )

        def stock_all_warehouses():
            env.invalidate_all()
            for node in nodes:
                products.with_context(warehouse_id=node.id).mapped("free_qty")

        ms, queries = timed(cr, stock_all_warehouses, max(3, args.repeat // 10))
        print(
            f"free_qty per warehouse, {args.products} products x {args.nodes} warehouses: "
            f"{queries} queries, {ms:.1f} ms median"
        )

        partner = env["res.partner"].create(
            {"name": "Bench customer", "zip": "46001", "country_id": env.ref("base.es").id}
        )
        order = env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": rnd.randint(1, 3)})
                    for product in products[: args.lines]
                ],
            }
        )

        def plan():
            env.invalidate_all()
            order._omni_sourcing_plan()

        ms, queries = timed(cr, plan, args.repeat)
        result = order._omni_sourcing_plan()[0]
        print(
            f"sourcing a {args.lines}-line order among {args.nodes} nodes, cold cache "
            f"(availability + plan): {queries} queries, {ms:.1f} ms median, "
            f"{len(result.node_ids)} node(s)"
        )
        ms, queries = timed(cr, order._omni_sourcing_plan, args.repeat)
        print(
            f"sourcing a {args.lines}-line order among {args.nodes} nodes, warm cache: "
            f"{queries} queries, {ms:.1f} ms median"
        )
        from odoo.addons.omni_inventory_aisle.tools import sourcing

        lines = [(i, i, 3) for i in range(args.lines)]
        node_data = [
            {
                "id": n,
                "lat": 36.5 + rnd.random() * 6.5,
                "lon": -8.5 + rnd.random() * 11,
                "ships": True,
                "stock": {i: rnd.randint(0, 4) for i in range(args.lines)},
            }
            for n in range(args.nodes)
        ]
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            sourcing.plan(lines, node_data, (39.47, -0.38))
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"sourcing algorithm alone ({args.lines} lines, {args.nodes} nodes): "
            f"{statistics.median(times):.2f} ms median"
        )
        cr.rollback()


if __name__ == "__main__":
    main()

# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Order sourcing: choose the node(s) that fulfil each line (no Odoo import).

``plan()`` takes plain data:

* ``lines``: ``[(line_key, product_id, qty), ...]``
* ``nodes``: ``[{"id", "name", "lat", "lon", "ships", "cost", "stock": {product_id: qty}}]``
  where ``stock`` is what the node can promise (safety stock and holds already
  taken off by the caller);
* ``destination``: ``(lat, lon)`` of the delivery address, or ``None``;
* ``strategy``: ordered criteria among ``STRATEGY_KEYS``. ``"shipments"``
  means "serve the whole order from one node when one can, split only when no
  single node can"; the others rank candidate nodes (nearest, most stock,
  lowest cost) in the given order;
* ``forced``: ``{line_key: node_id}`` manager overrides, served first.

It returns a ``Plan`` with allocations per line, shortages, and a structured
reason per node that the caller turns into words.
"""

import math
from dataclasses import dataclass, field

STRATEGY_KEYS = ("shipments", "distance", "stock", "cost")
DEFAULT_STRATEGY = ("shipments", "distance", "stock")
EPSILON = 1e-9
EARTH_RADIUS_KM = 6371.0088


def haversine_km(a, b):
    """Great-circle distance in km between two ``(lat, lon)`` pairs."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def valid_coordinates(lat, lon):
    """True when ``lat``/``lon`` are set (not both 0) and in range."""
    if lat is None or lon is None:
        return False
    if not lat and not lon:
        return False
    return -90 <= lat <= 90 and -180 <= lon <= 180


@dataclass
class Plan:
    allocations: dict = field(default_factory=dict)  # line_key -> [(node_id, qty)]
    shortages: dict = field(default_factory=dict)  # line_key -> qty not servable
    distances: dict = field(default_factory=dict)  # node_id -> km or None
    reasons: dict = field(default_factory=dict)  # node_id -> {"kind", ...}

    @property
    def node_ids(self):
        seen = []
        for allocs in self.allocations.values():
            for node_id, _qty in allocs:
                if node_id not in seen:
                    seen.append(node_id)
        return seen

    @property
    def is_split(self):
        return len(self.node_ids) > 1


def parse_strategy(text):
    """``"shipments,distance,stock"`` -> tuple of known keys; raises ValueError."""
    keys = tuple(k.strip() for k in (text or "").split(",") if k.strip())
    unknown = [k for k in keys if k not in STRATEGY_KEYS]
    if unknown:
        raise ValueError(f"unknown sourcing criteria: {', '.join(unknown)}")
    if len(set(keys)) != len(keys):
        raise ValueError("a sourcing criterion is repeated")
    return keys or DEFAULT_STRATEGY


def _distance(node, destination):
    if destination is None or not valid_coordinates(node.get("lat"), node.get("lon")):
        return None
    return haversine_km((node["lat"], node["lon"]), destination)


def _can_serve(stock, demand):
    return all(stock.get(p, 0.0) + EPSILON >= q for p, q in demand.items())


def plan(lines, nodes, destination=None, strategy=DEFAULT_STRATEGY, forced=None):
    strategy = tuple(strategy) or DEFAULT_STRATEGY
    result = Plan()
    stock = {n["id"]: dict(n.get("stock") or {}) for n in nodes}
    by_id = {n["id"]: n for n in nodes}
    for n in nodes:
        result.distances[n["id"]] = _distance(n, destination)
    remaining = {key: float(qty) for key, _p, qty in lines}
    product_of = {key: product for key, product, _q in lines}
    for key in remaining:
        result.allocations[key] = []

    def take(node_id, key, qty):
        if qty <= EPSILON:
            return
        stock[node_id][product_of[key]] = stock[node_id].get(product_of[key], 0.0) - qty
        remaining[key] -= qty
        result.allocations[key].append((node_id, qty))

    # 1. Manager overrides come first, from the node they chose.
    for key, node_id in (forced or {}).items():
        if key in remaining and node_id in stock:
            qty = min(remaining[key], max(stock[node_id].get(product_of[key], 0.0), 0.0))
            take(node_id, key, qty)
            result.reasons.setdefault(node_id, {"kind": "forced", "lines": 0})
            result.reasons[node_id]["lines"] += 1

    eligible = [n["id"] for n in nodes if n.get("ships")]

    def rank(node_id, open_keys):
        key = []
        for criterion in strategy:
            if criterion == "distance":
                km = result.distances[node_id]
                key.append(math.inf if km is None else km)
            elif criterion == "stock":
                key.append(-sum(max(stock[node_id].get(product_of[k], 0.0), 0.0) for k in open_keys))
            elif criterion == "cost":
                key.append(float(by_id[node_id].get("cost") or 0.0))
        key.append(node_id)
        return tuple(key)

    def open_lines():
        return [k for k, q in remaining.items() if q > EPSILON]

    def demand_of(keys):
        demand = {}
        for k in keys:
            demand[product_of[k]] = demand.get(product_of[k], 0.0) + remaining[k]
        return demand

    if "shipments" in strategy:
        keys = open_lines()
        if keys:
            demand = demand_of(keys)
            full = [n for n in eligible if _can_serve(stock[n], demand)]
            if full:
                best = min(full, key=lambda n: rank(n, keys))
                result.reasons[best] = {
                    "kind": "only" if len(full) == 1 else "best",
                    "lines": len(keys),
                    "candidates": len(full),
                }
                for k in keys:
                    take(best, k, remaining[k])
        # Split: greedily add the node that fully serves most lines, then most units.
        while open_lines():
            keys = open_lines()
            best, best_score = None, None
            for n in eligible:
                local = dict(stock[n])
                full_lines, units = 0, 0.0
                for k in keys:
                    have = max(local.get(product_of[k], 0.0), 0.0)
                    got = min(have, remaining[k])
                    if got + EPSILON >= remaining[k]:
                        full_lines += 1
                    units += got
                    local[product_of[k]] = have - got
                if units <= EPSILON:
                    continue
                score = (-full_lines, -units, rank(n, keys))
                if best_score is None or score < best_score:
                    best, best_score = n, score
            if best is None:
                break
            served = 0
            for k in keys:
                have = max(stock[best].get(product_of[k], 0.0), 0.0)
                if have > EPSILON:
                    take(best, k, min(have, remaining[k]))
                    served += 1
            result.reasons[best] = {"kind": "split", "lines": served}
    else:
        for k in open_lines():
            ranked = sorted(eligible, key=lambda n, k=k: rank(n, [k]))
            full = [n for n in ranked if stock[n].get(product_of[k], 0.0) + EPSILON >= remaining[k]]
            for n in full[:1] or ranked:
                have = max(stock[n].get(product_of[k], 0.0), 0.0)
                if have > EPSILON:
                    take(n, k, min(have, remaining[k]))
                    reason = result.reasons.setdefault(
                        n, {"kind": "best_line" if full else "split", "lines": 0}
                    )
                    reason["lines"] += 1
                if remaining[k] <= EPSILON:
                    break

    for k, q in remaining.items():
        if q > EPSILON:
            result.shortages[k] = q
    return result

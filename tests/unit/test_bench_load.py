"""Pure tests of setup/bench/load/loadlib.py: POS payload, percentiles, overhead, reports (no Odoo)."""

import importlib.util
import os
import random

import pytest

_PATH = os.path.join(os.path.dirname(__file__), "..", "..", "setup", "bench", "load", "loadlib.py")
_spec = importlib.util.spec_from_file_location("bench_loadlib", _PATH)
loadlib = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(loadlib)

CONTEXT = {
    "session_id": 7,
    "config": {"pricelist_id": 3, "fiscal_position_id": False, "cash_method_id": 11, "user_id": 2},
}
SHIRT = {"id": 41, "price": 10.0, "tax_ids": [5], "tax_rate": 0.21}
CAP = {"id": 42, "price": 4.5, "tax_ids": [], "tax_rate": 0.0}


def test_pos_payload_has_the_18_0_shape_and_adds_up():
    order = loadlib.pos_order_payload(CONTEXT, "u-1", [(SHIRT, 2), (CAP, 1)], partner_id=9, sequence_number=4)
    assert order["uuid"] == "u-1" and order["name"] == "Order u-1"
    assert order["session_id"] == 7 and order["pricelist_id"] == 3 and order["user_id"] == 2
    assert order["partner_id"] == 9 and order["sequence_number"] == 4 and order["to_invoice"] is False
    first = order["lines"][0][2]
    assert order["lines"][0][:2] == [0, 0]
    assert (first["product_id"], first["qty"], first["price_subtotal"], first["price_subtotal_incl"]) == (
        41,
        2,
        20.0,
        24.2,
    )
    assert first["tax_ids"] == [[6, 0, [5]]]
    assert order["amount_total"] == 28.7 and order["amount_tax"] == 4.2
    (payment,) = order["payment_ids"]
    assert payment[2]["amount"] == order["amount_paid"] == 28.7
    assert payment[2]["payment_method_id"] == 11


def test_pos_payload_refuses_empty_or_negative_orders():
    with pytest.raises(ValueError):
        loadlib.pos_order_payload(CONTEXT, "u-2", [])
    with pytest.raises(ValueError):
        loadlib.pos_order_payload(CONTEXT, "u-3", [(SHIRT, 0)])


def test_points_coupon_data_moves_an_existing_card():
    data = loadlib.points_coupon_data(12, 3, 9, 28.7)
    assert data == {
        "12": {
            "points": 28.7,
            "program_id": 3,
            "coupon_id": 12,
            "partner_id": 9,
            "line_codes": [],
            "code": False,
            "barcode": False,
        }
    }


@pytest.mark.parametrize(
    "values,pct,expected",
    [([], 50, None), ([5], 99, 5), ([1, 2, 3, 4], 50, 2), (list(range(1, 101)), 95, 95), ([3, 1, 2], 100, 3)],
)
def test_percentile_nearest_rank(values, pct, expected):
    assert loadlib.percentile(values, pct) == expected


def test_percentile_refuses_out_of_range():
    with pytest.raises(ValueError):
        loadlib.percentile([1], 101)


@pytest.mark.parametrize(
    "suite,plain,expected",
    [(105, 100, 5.0), (90, 100, -10.0), (10, 0, None), (None, 5, None), (5, None, None)],
)
def test_overhead_pct(suite, plain, expected):
    assert loadlib.overhead_pct(suite, plain) == expected


def test_read_stats_and_compare(tmp_path):
    path = tmp_path / "x_stats.csv"
    path.write_text(
        "Type,Name,Request Count,Failure Count,50%,95%,99%,Requests/s\n"
        "POST,pos sync_from_ui,100,1,80,200,400,1.5\n"
        "GET,omni recommend JSON,10,0,N/A,N/A,N/A,0.1\n"
        ",Aggregated,110,1,80,200,400,1.6\n"
    )
    rows = loadlib.read_locust_stats(str(path))
    assert [r["name"] for r in rows] == ["pos sync_from_ui", "omni recommend JSON"]
    assert rows[0]["failures"] == 1 and rows[0]["p95"] == 200.0 and rows[1]["p50"] is None
    plain = [dict(rows[0], p50=80.0, p95=160.0)]
    table = loadlib.compare(rows, plain)
    assert table[0]["overhead_p95_pct"] == 25.0 and table[0]["overhead_p50_pct"] == 0.0
    assert table[1]["plain_p95"] is None and table[1]["overhead_p95_pct"] is None
    text = loadlib.format_table(table, ["route", "suite_p95", "plain_p95", "overhead_p95_pct"])
    assert "pos sync_from_ui" in text and "25.0" in text and " - " in text


def test_uuids_values_refuses_anything_but_uuids():
    assert loadlib.uuids_values(["ab-12", "cd"]) == "('ab-12'), ('cd')"
    assert loadlib.uuids_values([]) == "(NULL)"
    for bad in ["x'); DROP TABLE pos_order; --", "", None, "ABC"]:
        with pytest.raises(ValueError):
            loadlib.uuids_values([bad])


def test_invariant_report_counts_only_integer_zero_as_ok():
    text, bad = loadlib.format_invariants(
        "suite",
        [("lost", 0), ("dupes", 2), ("holds", "n/a (no table)"), ("sql", "syntax error"), ("flag", False)],
    )
    assert bad == 3
    assert "[OK   ] lost: 0" in text and "[FAIL ] dupes: 2" in text and "[ERROR] sql" in text
    assert "[n/a  ] holds" in text and "3 broken" in text
    assert loadlib.format_invariants("x", [("lost", 0)]) == (
        "Invariants after x:\n  [OK   ] lost: 0\n  all hold",
        0,
    )


def test_since_literal_only_takes_a_timestamp():
    assert loadlib.since_literal("2026-12-02 13:50:00") == "2026-12-02 13:50:00"
    for bad in ["2026-12-02", "2026-12-02 13:50:00'; --", None]:
        with pytest.raises(ValueError):
            loadlib.since_literal(bad)


GIFT = {"reward_id": 21, "product_id": 77, "tax_ids": [], "tax_rate": 0.0}


def test_gift_card_codes_are_the_same_on_every_phase():
    codes = loadlib.gift_card_codes(3, "LOADGC")
    assert codes == ["LOADGC0001", "LOADGC0002", "LOADGC0003"]
    assert len(set(loadlib.gift_card_codes())) == loadlib.GIFT_CARD_COUNT
    assert all(c.startswith(loadlib.GIFT_CARD_PREFIX) for c in loadlib.gift_card_codes())


def test_reward_code_is_a_base36_word():
    code = loadlib.reward_code(random.Random(1))
    assert len(code) == 10 and code.isalnum() and code == code.lower()
    assert loadlib.reward_code(random.Random(1)) == code


@pytest.mark.parametrize(
    "balance,total,expected",
    [(50, 120.456, 50.0), (50, 28.7, 28.7), (0, 30, 0.0), (None, 30, 0.0), (-5, 30, 0.0), (20, 0, 0.0)],
)
def test_gift_card_spend_is_the_order_up_to_the_balance(balance, total, expected):
    assert loadlib.gift_card_spend(balance, total) == expected


def test_gift_card_payload_adds_the_reward_line_and_pays_the_rest_in_cash():
    order = loadlib.pos_order_payload(CONTEXT, "u-g", [(SHIRT, 2), (CAP, 1)])
    paid = loadlib.gift_card_payload(order, GIFT, 501, 20.0, "abc123")
    assert order["amount_total"] == 28.7 and len(order["lines"]) == 2, "the original is left alone"
    assert len(paid["lines"]) == 3 and paid["lines"][-1][:2] == [0, 0]
    line = paid["lines"][-1][2]
    assert (line["product_id"], line["qty"], line["price_unit"], line["price_subtotal_incl"]) == (
        77,
        1,
        -20.0,
        -20.0,
    )
    assert line["is_reward_line"] is True and line["reward_id"] == 21 and line["coupon_id"] == 501
    assert line["points_cost"] == 20.0 and line["reward_identifier_code"] == "abc123"
    assert line["tax_ids"] == [[6, 0, []]]
    assert paid["amount_total"] == paid["amount_paid"] == 8.7 and paid["amount_tax"] == 4.2
    (payment,) = paid["payment_ids"]
    assert payment[2]["amount"] == 8.7 and payment[2]["payment_method_id"] == 11
    lines_total = sum(x[2]["price_subtotal_incl"] for x in paid["lines"])
    assert round(lines_total, 2) == paid["amount_total"]


def test_gift_card_payload_paying_it_all_has_no_cash_and_a_taxed_reward_product():
    order = loadlib.pos_order_payload(CONTEXT, "u-h", [(SHIRT, 1)])
    taxed = dict(GIFT, tax_ids=[5], tax_rate=0.21)
    paid = loadlib.gift_card_payload(order, taxed, 502, 12.1, "r")
    line = paid["lines"][-1][2]
    assert line["price_subtotal"] == -10.0 and line["price_subtotal_incl"] == -12.1
    assert line["tax_ids"] == [[6, 0, [5]]]
    assert paid["amount_total"] == 0 and paid["payment_ids"] == [] and paid["amount_tax"] == 0.0


@pytest.mark.parametrize("amount", [0, -1, 28.8])
def test_gift_card_payload_refuses_nothing_or_more_than_the_order(amount):
    order = loadlib.pos_order_payload(CONTEXT, "u-i", [(SHIRT, 2), (CAP, 1)])
    with pytest.raises(ValueError):
        loadlib.gift_card_payload(order, GIFT, 501, amount, "r")


def test_gift_card_coupon_data_and_history_as_pos_loyalty_sends_them():
    data = loadlib.gift_card_coupon_data(501, 9, 20.0, "abc123")
    assert data == {
        "501": {
            "points": -20.0,
            "program_id": 9,
            "coupon_id": 501,
            "barcode": False,
            "expiration_date": False,
            "line_codes": ["abc123"],
        }
    }
    assert loadlib.loyalty_history_lines(33, data) == [
        {"order_id": 33, "card_id": "501", "spent": 20.0, "won": 0}
    ]
    points = loadlib.points_coupon_data(12, 3, 9, 28.7)
    assert loadlib.loyalty_history_lines(34, points) == [
        {"order_id": 34, "card_id": "12", "spent": 0, "won": 28.7}
    ]


class _Rng:
    """random() from a list, choice() takes the first."""

    def __init__(self, draws):
        self.draws = list(draws)

    def random(self):
        return self.draws.pop(0)

    @staticmethod
    def choice(seq):
        return seq[0]


def test_gift_card_pool_spends_the_hot_card_until_it_is_drained():
    cards = [{"code": f"C{i}"} for i in range(5)]
    pool = loadlib.GiftCardPool(cards, 2, hot_share=0.5, rng=_Rng([0.1, 0.1, 0.9, 0.1, 0.1, 0.1]))
    assert pool.pick() == (cards[0], True)
    assert pool.pick() == (cards[0], True), "every till spends the same hot card"
    assert pool.pick() == (cards[2], False), "the others go to the rest of the pool"
    pool.drained(cards[3])
    assert pool.pick() == (cards[0], True), "a cold card drained does not move the hot set"
    pool.drained(cards[0])
    pool.drained(cards[0])
    assert pool.pick() == (cards[1], True), "drained twice (two tills) moves once"
    pool.drained(cards[1])
    assert pool.pick() == (cards[2], False), "hot set spent: every pick goes to the rest"


def test_gift_card_pool_edges():
    assert loadlib.GiftCardPool([], 0).pick() == (None, False)
    only_hot = loadlib.GiftCardPool([{"code": "H"}], 1, hot_share=0.0, rng=_Rng([0.5]))
    assert only_hot.pick() == ({"code": "H"}, False)
    with pytest.raises(ValueError):
        loadlib.GiftCardPool([{"code": "H"}], 2)


def test_gift_invariants_have_their_placeholders():
    names = [name for name, _sql in loadlib.INVARIANTS]
    assert len(names) == len(set(names))
    gift = [sql for name, sql in loadlib.INVARIANTS if "gift" in name]
    assert len(gift) == 3
    assert sum("{gift_uuids}" in sql for sql in gift) == 2
    for _name, sql in loadlib.INVARIANTS + loadlib.GIFT_STATS:
        assert "{" not in sql.replace("{uuids}", "").replace("{gift_uuids}", "").replace("{since}", "")
    assert all(loadlib.GIFT_CARD_PREFIX in sql for _name, sql in loadlib.GIFT_STATS[:2])


def test_plain_invariants_are_reported_not_failed():
    text, bad = loadlib.format_invariants("plain", [("lost", 0), ("negative", 3)], binding=False)
    assert bad == 1
    assert "[NOT HELD] negative: 3" in text and "FAIL" not in text
    assert "1 not held (plain Odoo: shown for comparison, not a failure)" in text


def test_invariants_matrix_one_row_per_invariant_one_column_per_phase():
    rows = loadlib.invariants_matrix(
        [
            ("suite", [("lost", 0), ("negative", 0)]),
            ("plain", [("lost", 0), ("negative", 2), ("holds", "n/a")]),
        ]
    )
    assert rows == [
        {"invariant": "lost", "suite": 0, "plain": 0},
        {"invariant": "negative", "suite": 0, "plain": 2},
        {"invariant": "holds", "plain": "n/a"},
    ]
    text = loadlib.format_table(rows, ["invariant", "suite", "plain"])
    assert "negative" in text and " - " in text


@pytest.mark.parametrize("text,expected", [("3", 3), ("0.000", 0), ("-12.5", -12.5), ("7.129", 7.13)])
def test_number_keeps_counts_whole(text, expected):
    value = loadlib.number(text)
    assert value == expected and type(value) is type(expected)


def _row(name, requests, p50, p95, rps, failures=0):
    return {
        "name": name,
        "method": "POST",
        "requests": requests,
        "failures": failures,
        "p50": p50,
        "p95": p95,
        "p99": p95,
        "rps": rps,
    }


def test_merge_rounds_adds_counts_and_takes_the_median_of_percentiles():
    merged = {
        r["name"]: r
        for r in loadlib.merge_rounds(
            [
                [_row("sync", 100, 80.0, 200.0, 2.0, failures=1), _row("only once", 5, 10.0, 20.0, 0.1)],
                [_row("sync", 120, 100.0, 300.0, 3.0)],
                [_row("sync", 90, 90.0, 250.0, 1.0, failures=2)],
            ]
        )
    }
    sync = merged["sync"]
    assert (sync["requests"], sync["failures"], sync["rounds"]) == (310, 3, 3)
    assert (sync["p50"], sync["p95"]) == (90.0, 250.0)
    assert sync["rps"] == pytest.approx(2.0)
    # a route seen in one round of three: its own figures, its rate spread over the three rounds
    assert (merged["only once"]["p50"], merged["only once"]["rounds"]) == (10.0, 1)
    assert merged["only once"]["rps"] == pytest.approx(0.1 / 3)


def test_merge_rounds_even_count_and_missing_percentiles():
    merged = loadlib.merge_rounds([[_row("a", 1, 10.0, None, None)], [_row("a", 1, 20.0, None, None)]])
    assert merged[0]["p50"] == 15.0 and merged[0]["p95"] is None and merged[0]["rps"] is None
    assert loadlib.merge_rounds([]) == []


def test_targets_from_the_comparison():
    def route(name, s50, s95, p50, p95):
        return {
            "route": name,
            "suite_p50": s50,
            "suite_p95": s95,
            "plain_p50": p50,
            "plain_p95": p95,
            "overhead_p50_pct": loadlib.overhead_pct(s50, p50),
            "overhead_p95_pct": loadlib.overhead_pct(s95, p95),
        }

    comparison = [route("pos sync_from_ui", 104.0, 420.0, 100.0, 400.0)]
    comparison += [route(name, 10.0, 30.0, 10.0, 20.0) for name in loadlib.CHECKOUT_ROUTES]
    rows = {r["target"].split(" (")[0]: r for r in loadlib.targets(comparison, 12.5, 13.0)}
    assert rows["POS sync overhead, p50"]["suite"] == 4.0 and rows["POS sync overhead, p50"]["held"] is True
    assert rows["POS sync overhead, p95"]["suite"] == 5.0 and rows["POS sync overhead, p95"]["held"] is True
    checkout = [r for r in loadlib.targets(comparison, 12.5, 13.0) if r["target"].startswith("web")]
    assert [r["suite"] for r in checkout] == [0.0, 50.0]
    assert [r["held"] for r in checkout] == [True, False]
    assert checkout[1]["detail"] == "210.0 ms vs 140.0 ms"
    assert rows["orders/s"]["held"] is True and rows["orders/s"]["plain"] == 13.0
    assert rows["POS sync p95 ms"]["suite"] == 420.0 and rows["POS sync p95 ms"]["held"] is True


def test_targets_without_plain_figures_are_not_judged():
    rows = loadlib.targets([{"route": "pos sync_from_ui", "suite_p95": 900.0}], 3.0, None)
    held = {r["target"]: r["held"] for r in rows}
    assert held["POS sync p95 ms (< 500)"] is False and held["orders/s (>= 12)"] is False
    assert held["POS sync overhead, p50 (<= 5 %)"] is None
    assert held["web checkout overhead, sum of the route p50 (<= 5 %)"] is None


def test_cpu_per_order_and_its_target():
    assert loadlib.cpu_per_order_ms({"odoo": 30.0, "postgresql": 6.0}, 120) == 300.0
    assert loadlib.cpu_per_order_ms({"odoo": 30.0, "postgresql": None}, 120) is None
    assert loadlib.cpu_per_order_ms({"odoo": 30.0, "postgresql": 6.0}, 0) is None
    row = next(r for r in loadlib.targets([], 1.0, 1.0, 315.0, 300.0) if r["target"].startswith("whole-mix"))
    assert (row["suite"], row["held"], row["detail"]) == (5.0, True, "315.0 ms vs 300.0 ms")


def test_payment_form_read_from_the_payment_page():
    html = (
        '<form data-transaction-route="/shop/payment/transaction/42" data-access-token="tok-1"'
        ' data-amount="12.50">'
    )
    assert loadlib.payment_form(html) == ("/shop/payment/transaction/42", "tok-1", "12.50")
    assert loadlib.payment_form('<form data-amount="12.50">') is None
    assert loadlib.payment_form("") is None


def test_transaction_params_are_what_the_payment_form_posts():
    params = loadlib.transaction_params({"provider_id": 7, "payment_method_id": 3}, "tok-1", "12.50")
    assert params["provider_id"] == 7 and params["payment_method_id"] == 3
    assert params["amount"] == 12.5 and params["access_token"] == "tok-1"
    assert params["flow"] == "direct" and params["landing_route"] == "/shop/payment/validate"


def test_call_table_and_alternating_sides():
    assert loadlib.first_side(0) == ("suite", "plain")
    assert loadlib.first_side(1) == ("plain", "suite")
    suite = ({"a": [0.110, 0.120, 0.300], "whole": [1.0]}, {"a": [10, 12, 12]})
    plain = ({"a": [0.100, 0.100, 0.200], "whole": [0.5]}, {"a": [9, 9, 9]})
    header, row_a, row_whole = loadlib.call_table("call", 10, ("a", "whole"), suite, plain)
    assert header.startswith("call") and "queries suite/plain" in header
    assert row_a.split()[:4] == ["a", "120.0", "/", "300.0"]
    assert "20%" in row_a and row_a.endswith("12 / 9")
    assert "100%" in row_whole and row_whole.rstrip().endswith("%")  # no query counts
    empty = loadlib.call_table("call", 10, ("a",), ({"a": []}, {"a": []}), ({"a": []}, {"a": []}))
    assert "nan" in empty[1] and empty[1].endswith("0 / 0")

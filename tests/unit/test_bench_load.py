"""Pure tests of setup/bench/load/loadlib.py: POS payload, percentiles, overhead, reports (no Odoo)."""

import importlib.util
import os

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

"""Pure tests of omni_customer/tools/identity.py (no Odoo)."""

import pytest

from ..conftest import load_tool

identity = load_tool("omni_customer", "identity")


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("612 34 56 78", "+34612345678"),
        ("+34 612-34-56-78", "+34612345678"),
        ("0034612345678", "+34612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+52 55 1234 5678", "+525512345678"),
        ("123", False),
        ("abc", False),
        ("", False),
        (None, False),
        ("6" * 500, False),
    ],
)
def test_normalize_phone(raw, expected):
    assert identity.normalize_phone(raw, "ES") == expected


def test_normalize_phone_default_country_matters():
    assert identity.normalize_phone("55 1234 5678", "MX") == "+525512345678"
    assert identity.normalize_phone("55 1234 5678", "ES") is False


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("12345678-z", "ES12345678Z"),
        ("12345678Z", "ES12345678Z"),
        ("ES 12.345.678-Z", "ES12345678Z"),
        ("X1234567L", "ESX1234567L"),
        ("ESB58378431", "ESB58378431"),
        ("FR40303265045", "FR40303265045"),
        ("12345678A", False),  # bad control letter
        ("ZZ123", False),
        ("", False),
        ("1" * 100, False),
    ],
)
def test_normalize_national_id(raw, expected):
    assert identity.normalize_national_id(raw, "ES") == expected


def test_names_accent_and_order_insensitive():
    assert identity.normalize_name("  José   GARCÍA-López ") == "jose garcia lopez"
    assert identity.name_similarity("García José", "jose garcia") == 100
    assert identity.name_similarity("Ana Pérez", "Pedro Ruiz") < 50
    assert identity.name_similarity("", "Ana") == 0
    assert identity.name_similarity("李小龍", "李小龍") == 100


def test_customer_code():
    assert identity.normalize_code(" 042 0000 1234 ") == "04200001234"
    assert identity.normalize_code("x" * 65) is False
    assert identity.normalize_code("\x00abc") is False
    assert identity.normalize_code(None) is False


def test_deterministic_rules_priority_and_misses():
    base = {
        "name": "Ana Pérez",
        "email": "ana@x.es",
        "phone": "+34612345678",
        "national_id": "ES12345678Z",
        "customer_code": "0420001",
    }
    assert identity.deterministic_rule(dict(base), dict(base)) == "customer_code"
    other = dict(base, customer_code="0429999")
    assert identity.deterministic_rule(other, base) == "national_id"
    other.update(national_id=False)
    assert identity.deterministic_rule(other, base) == "email"
    other.update(email="ana.perez@y.es")
    assert identity.deterministic_rule(other, base) == "phone_name"
    # Same phone, different person (a shared family landline): no rule fires.
    assert identity.deterministic_rule(dict(other, name="Luis Gómez"), base) is False
    # Empty keys never bind two customers.
    empty = {"name": "", "email": False, "phone": False, "national_id": False, "customer_code": False}
    assert identity.deterministic_rule(empty, dict(empty)) is False


def test_candidate_score_orders_evidence():
    new = {
        "name": "Jose Garcia",
        "street": "Calle Mayor 1",
        "zip": "28013",
        "city": "Madrid",
        "email": "jgarcia@a.es",
        "phone": "+34600111222",
    }
    strong = dict(new, name="José García López", email="jgarcia@b.es")
    weak = {"name": "Josefa Gil", "street": "Av. Diagonal 5", "zip": "08008", "city": "Barcelona"}
    assert identity.candidate_score(new, strong) > 85 > identity.candidate_score(new, weak)
    assert 0 <= identity.candidate_score({}, {}) <= 100


def test_clusters_union_find():
    assert identity.clusters([(1, 2), (3, 4), (2, 5), (6, 6)]) == [[1, 2, 5], [3, 4]]
    assert identity.clusters([]) == []
    chain = [(i, i + 1) for i in range(1, 1000)]
    assert identity.clusters(chain) == [list(range(1, 1001))]

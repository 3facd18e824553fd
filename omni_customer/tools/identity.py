# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Identity normalisation and matching rules, free of any ORM.

Every entry point (website, POS, e-mail, back office, import, batch scan)
normalises raw values through these functions so that the keys stored on
``res.partner`` and the keys a newcomer is looked up with are computed the
same way.
"""

import re
import unicodedata

import phonenumbers
from rapidfuzz import fuzz
from stdnum import get_cc_module
from stdnum.exceptions import ValidationError as StdnumError

MAX_LEN = 256
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)

# Deterministic rules, in the order they are tried.
RULE_CUSTOMER_CODE = "customer_code"
RULE_NATIONAL_ID = "national_id"
RULE_EMAIL = "email"
RULE_PHONE_NAME = "phone_name"
DETERMINISTIC_RULES = (RULE_CUSTOMER_CODE, RULE_NATIONAL_ID, RULE_EMAIL, RULE_PHONE_NAME)
RULE_FUZZY = "fuzzy"

# Name similarity (0-100) required on top of a same phone number.
PHONE_NAME_MIN_SIMILARITY = 80


def _clean(value):
    if value is None or value is False:
        return ""
    if not isinstance(value, str):
        value = str(value)
    return value.strip()[: MAX_LEN * 4]


def normalize_phone(value, default_country="ES"):
    """E.164 number (``+34612345678``) or ``False``.

    National numbers are read in ``default_country`` (the company's); numbers
    written with their international prefix keep their own country. Invalid
    numbers (wrong length, unassigned ranges, letters) are ``False``.
    """
    value = _clean(value)
    if not value or len(value) > 40:
        return False
    if value.startswith("00"):
        value = "+" + value[2:]
    region = (default_country or "ES").upper() if not value.startswith("+") else None
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return False
    if not phonenumbers.is_valid_number(number):
        return False
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_national_id(value, country_code="ES"):
    """Compact, validated national ID / VAT number prefixed by its country.

    ``12345678-z`` in Spain gives ``ES12345678Z``. A VAT written with its own
    country prefix (``FR…``) is validated for that country. Numbers that fail
    the country's checksum are ``False``.
    """
    value = _clean(value).upper()
    if not value or len(value) > 32:
        return False
    value = re.sub(r"[\s.\-/]", "", value)
    country = (country_code or "ES").upper()
    if len(value) > 2 and value[:2].isalpha():
        # Written with its own country prefix (ESB58378431, FR40303265045).
        country, value = value[:2], value[2:]
    if not value:
        return False
    try:
        module = get_cc_module(country.lower(), "vat")
    except (ImportError, ValueError, AttributeError):
        module = None
    candidates = []
    if module:
        candidates.append(module)
    if country == "ES":
        for name in ("dni", "nie", "cif", "nif"):
            mod = get_cc_module("es", name)
            if mod:
                candidates.append(mod)
    for mod in candidates:
        try:
            compact = mod.validate(value)
        except (StdnumError, TypeError, ValueError):
            continue
        return f"{country}{compact}"
    return False


def normalize_code(value):
    """Customer code printed on receipts and cards: upper-case, no blanks."""
    value = re.sub(r"\s+", "", _clean(value)).upper()
    if not value or len(value) > 64 or not value.isprintable():
        return False
    return value


def normalize_name(value):
    """Accent-free, lower-case, single-spaced name for comparisons."""
    value = unicodedata.normalize("NFKD", _clean(value)[:MAX_LEN])
    value = "".join(c for c in value if not unicodedata.combining(c))
    value = _NON_WORD.sub(" ", value.lower())
    return _SPACES.sub(" ", value).strip()


def name_similarity(left, right):
    """0-100 similarity of two names, insensitive to accents and word order."""
    left, right = normalize_name(left), normalize_name(right)
    if not left or not right:
        return 0.0
    return float(fuzz.token_set_ratio(left, right))


def candidate_score(new, existing):
    """Fuzzy score (0-100) of two customers described as plain dicts.

    Keys used: ``name``, ``street``, ``zip``, ``city``, ``email``, ``phone``.
    The name carries most of the weight; the address and partial keys
    (same local part of the e-mail, same last 6 digits of the phone) add
    evidence. Never used to auto-merge below the configured threshold.
    """
    score = name_similarity(new.get("name"), existing.get("name")) * 0.6
    addr_new = " ".join(normalize_name(new.get(k)) for k in ("street", "zip", "city"))
    addr_old = " ".join(normalize_name(existing.get(k)) for k in ("street", "zip", "city"))
    if addr_new.strip() and addr_old.strip():
        score += fuzz.token_set_ratio(addr_new, addr_old) * 0.25
    else:
        score += name_similarity(new.get("name"), existing.get("name")) * 0.1
    email_new, email_old = new.get("email") or "", existing.get("email") or ""
    if email_new and email_old and email_new.split("@")[0] == email_old.split("@")[0]:
        score += 10
    phone_new, phone_old = new.get("phone") or "", existing.get("phone") or ""
    if len(phone_new) >= 6 and phone_new[-6:] == phone_old[-6:]:
        score += 5
    return round(min(score, 100.0), 2)


def deterministic_rule(new, existing):
    """Name of the first deterministic rule that binds two normalised dicts.

    Dict keys: ``customer_code``, ``national_id``, ``email``, ``phone``,
    ``name``. Returns ``False`` when no rule fires.
    """
    for key, rule in (
        ("customer_code", RULE_CUSTOMER_CODE),
        ("national_id", RULE_NATIONAL_ID),
        ("email", RULE_EMAIL),
    ):
        if new.get(key) and new.get(key) == existing.get(key):
            return rule
    if (
        new.get("phone")
        and new.get("phone") == existing.get("phone")
        and name_similarity(new.get("name"), existing.get("name")) >= PHONE_NAME_MIN_SIMILARITY
    ):
        return RULE_PHONE_NAME
    return False


def clusters(pairs):
    """Connected components of an iterable of ``(a, b)`` id pairs.

    Union-find with path halving: linear in the number of pairs, so the
    duplicate scan never compares all partners with all partners.
    Returns a list of sorted id lists, largest clusters first.
    """
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            if ra < rb:
                parent[rb] = ra
            else:
                parent[ra] = rb
    groups = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g[0]))


def ean13_check_digit(body):
    """Check digit that makes a 12-digit body a valid EAN-13 barcode."""
    if len(body) != 12 or not body.isdigit():
        raise ValueError("EAN-13 body must be 12 digits")
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return str((10 - total % 10) % 10)

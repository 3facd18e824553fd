# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The suite's input layer: what a browser or a till may send, parsed once.

Pure Python (no Odoo): every parser takes the raw value a route or an RPC
method received and returns a typed, bounded value or raises
:class:`InputError`. The Odoo adapter (``omni_customer/inputs.py``) turns an
``InputError`` into a translated ``UserError`` (RPC methods) or a 400/404
answer (routes). Messages are keys, never the value received: an answer never
echoes what an attacker sent.

Decisions:

* ids are real ints, ``0 < id < 2**31`` (PostgreSQL ``integer``); ``True`` and
  ``1.0`` are refused, never coerced. A decimal string is accepted only where
  ids arrive as text by nature (URL path segments, query strings:
  ``from_text=True``), and only in canonical form: ASCII digits, no sign,
  no spaces, no leading zero, no ``_`` (``int()`` accepts ``" 1_0 "`` and
  Arabic-Indic digits; this layer does not).
* text is ``str``, encodable in UTF-8 (no lone surrogates), NUL-free, without
  control characters, bounded in length.
* numbers are finite ints or floats within bounds (``1e309`` arrives as
  ``inf`` from JSON and is refused).
* limits are clamped, not refused: ``None``/garbage gives the default.
"""

import hmac
import math
import re

MAX_ID = 2**31 - 1
MAX_IDS = 1000
MAX_TEXT = 256

_DIGITS = re.compile(r"[1-9][0-9]{0,9}")
_POSTCODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 \-]{1,10}[A-Za-z0-9]")
_COUNTRY = re.compile(r"[A-Za-z]{2}")
_CARD_CODE = re.compile(r"[A-Za-z0-9_\-.]{3,64}")
_TOKEN = re.compile(r"[A-Za-z0-9_\-]{1,128}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Message keys; the Odoo adapter holds their translatable texts.
INVALID_ID = "invalid_id"
INVALID_IDS = "invalid_ids"
INVALID_NUMBER = "invalid_number"
OUT_OF_RANGE = "out_of_range"
INVALID_TEXT = "invalid_text"
TOO_LONG = "too_long"
INVALID_POSTCODE = "invalid_postcode"
INVALID_COUNTRY = "invalid_country"
INVALID_CARD_CODE = "invalid_card_code"
INVALID_TOKEN = "invalid_token"


class InputError(ValueError):
    """Refused input. ``key`` is one of the message keys above; ``field`` names
    the parameter (never its value)."""

    def __init__(self, key, field=""):
        super().__init__(key, field)
        self.key = key
        self.field = field


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def parse_id(value, field="id", from_text=False, required=True):
    """A record id: ``int`` with ``0 < id <= MAX_ID``.

    ``from_text``: the value comes from a URL or a query string, where a
    canonical decimal string is the only form an id can take.
    ``required=False``: ``None`` and ``""`` give ``None``.
    """
    if not required and (value is None or value == ""):
        return None
    if from_text and isinstance(value, str):
        if not _DIGITS.fullmatch(value):
            raise InputError(INVALID_ID, field)
        value = int(value)
    if not _is_int(value) or not 0 < value <= MAX_ID:
        raise InputError(INVALID_ID, field)
    return value


def parse_ids(values, field="ids", max_count=MAX_IDS, required=False):
    """A list of ids (list or tuple, each a real int id), duplicates dropped, order kept."""
    if (values is None or values is False) and not required:
        return []
    if not isinstance(values, (list, tuple)) or len(values) > max_count:
        raise InputError(INVALID_IDS, field)
    result = []
    for value in values:
        if not _is_int(value) or not 0 < value <= MAX_ID:
            raise InputError(INVALID_IDS, field)
        if value not in result:
            result.append(value)
    if required and not result:
        raise InputError(INVALID_IDS, field)
    return result


def parse_number(value, field="quantity", minimum=0.0, maximum=1e6, integer=False):
    """A finite int/float in ``[minimum, maximum]``; ``integer`` refuses fractions."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(INVALID_NUMBER, field)
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(INVALID_NUMBER, field)
    if integer and isinstance(value, float) and not value.is_integer():
        raise InputError(INVALID_NUMBER, field)
    # Compare before any float conversion: a huge int has no float.
    if value < minimum or value > maximum:
        raise InputError(OUT_OF_RANGE, field)
    return int(value) if integer else value


def parse_quantity(value, field="quantity", maximum=1000):
    """A quantity a shopper or cashier asks for: finite, ``0 < q <= maximum``."""
    quantity = parse_number(value, field, minimum=0.0, maximum=maximum)
    if quantity <= 0:
        raise InputError(OUT_OF_RANGE, field)
    return quantity


def parse_text(value, field="text", max_length=MAX_TEXT, required=False, strip=True):
    """A line of text: ``str``, UTF-8 encodable, NUL/control-free, bounded."""
    if (value is None or value is False) and not required:
        return ""
    if not isinstance(value, str):
        raise InputError(INVALID_TEXT, field)
    if len(value) > max_length:
        raise InputError(TOO_LONG, field)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:  # lone surrogates ("\ud800") from JSON
        raise InputError(INVALID_TEXT, field) from exc
    if _CONTROL.search(value) or "\n" in value or "\r" in value or "\t" in value:
        raise InputError(INVALID_TEXT, field)
    if strip:
        value = value.strip()
    if required and not value:
        raise InputError(INVALID_TEXT, field)
    return value


def _specific(parser, key, value, field, **kwargs):
    try:
        return parser(value, field, **kwargs)
    except InputError as exc:
        raise InputError(key, field) from exc


def parse_postcode(value, field="postcode", required=False):
    """A postcode: 3 to 12 letters, digits, spaces or dashes; upper-cased."""
    text = _specific(parse_text, INVALID_POSTCODE, value, field, max_length=12, required=required)
    if not text:
        return ""
    if not _POSTCODE.fullmatch(text):
        raise InputError(INVALID_POSTCODE, field)
    return text.upper()


def parse_country_code(value, field="country_code", default="ES"):
    """An ISO 3166 alpha-2 code, upper-cased; empty gives ``default``."""
    text = _specific(parse_text, INVALID_COUNTRY, value, field, max_length=2)
    if not text:
        return default
    if not _COUNTRY.fullmatch(text):
        raise InputError(INVALID_COUNTRY, field)
    return text.upper()


def parse_card_code(value, field="code"):
    """A loyalty/gift card code as typed or scanned (``loyalty.card.code`` charset)."""
    text = _specific(parse_text, INVALID_CARD_CODE, value, field, max_length=64, required=True)
    if not _CARD_CODE.fullmatch(text):
        raise InputError(INVALID_CARD_CODE, field)
    return text


def parse_token(value, field="access_token", required=False):
    """A URL token, any characters accepted but bounded; ``""`` when absent.

    The token is only ever compared with :func:`tokens_equal`; its charset is
    not checked here so that a wrong token and a malformed one get the same
    answer as a missing record.
    """
    if (value is None or value is False or value == "") and not required:
        return ""
    if not isinstance(value, str) or len(value) > 512:
        raise InputError(INVALID_TOKEN, field)
    return value


def tokens_equal(given, expected):
    """Constant-time comparison of two tokens as UTF-8 bytes, whatever they contain.

    ``hmac.compare_digest`` on ``str`` refuses non-ASCII text with a
    ``TypeError``; on bytes it takes any content. Lone surrogates are encoded
    with ``surrogatepass`` so they compare (unequal) instead of raising.
    """
    if not isinstance(given, str) or not isinstance(expected, str) or not expected:
        return False
    return hmac.compare_digest(
        given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass")
    )


def clamp_limit(value, default=20, maximum=100):
    """A search limit from the client, clamped to ``[1, maximum]``; garbage gives ``default``."""
    if not _is_int(value):
        if isinstance(value, float) and math.isfinite(value):
            value = int(value)
        else:
            return default
    return max(1, min(value, maximum))

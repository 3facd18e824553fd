# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The ``/ticket`` command of a live chat, parsed (pure Python, no Odoo).

``/ticket``                 open a ticket (default subject)
``/ticket <subject>``       open a ticket with that subject
``/ticket 42``, ``#42``     continue ticket id 42
``/ticket #HT00042``        continue the ticket numbered HT00042

Anything else (not a string, another command, ``#`` followed by garbage, a
subject too long or with control characters) is refused with a reason key.
"""

import re

COMMAND = "/ticket"
MAX_ID = 2**31 - 1
MAX_SUBJECT = 200

OPEN = "open"
CONTINUE_ID = "continue_id"
CONTINUE_NUMBER = "continue_number"
# refusal keys
NOT_A_COMMAND = "not_a_command"
BAD_REFERENCE = "bad_reference"
BAD_SUBJECT = "bad_subject"

_ID = re.compile(r"#?([0-9]+)")
_NUMBER = re.compile(r"#([A-Za-z][A-Za-z0-9/_.-]{0,31})")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
# what a visitor types as an e-mail address in a chat line
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63}")


def parse(body):
    """``(action, value)``: ``(OPEN, subject or None)``, ``(CONTINUE_ID, int)``,
    ``(CONTINUE_NUMBER, str)``, or ``(None, refusal key)``."""
    if not isinstance(body, str):
        return None, NOT_A_COMMAND
    text = body.strip()
    if text != COMMAND and not text.startswith(COMMAND + " ") and not text.startswith(COMMAND + "\n"):
        return None, NOT_A_COMMAND
    rest = _SPACES.sub(" ", text[len(COMMAND) :]).strip()
    if not rest:
        return OPEN, None
    if _CONTROL.search(rest) or "\ufffd" in rest:
        return None, BAD_SUBJECT
    match = _ID.fullmatch(rest)
    if match:
        digits = match.group(1)
        value = int(digits) if len(digits) <= 10 and digits.isascii() else 0
        if not 0 < value <= MAX_ID:
            return None, BAD_REFERENCE
        return CONTINUE_ID, value
    if rest.startswith("#"):
        match = _NUMBER.fullmatch(rest)
        return (CONTINUE_NUMBER, match.group(1)) if match else (None, BAD_REFERENCE)
    if len(rest) > MAX_SUBJECT:
        return None, BAD_SUBJECT
    return OPEN, rest


def last_email(texts):
    """The last e-mail address found in ``texts`` (the visitor's lines, oldest
    first), lower-cased; ``None`` when the visitor gave none."""
    found = None
    for text in texts:
        for email in _EMAIL.findall(text or ""):
            found = email.lower()
    return found

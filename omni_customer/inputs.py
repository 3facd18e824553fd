# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo adapter of the input layer (``tools/inputs.py``).

RPC methods: ``value = rpc(env, inputs.parse_id, raw, "partner_id")`` raises a
translated ``UserError`` on bad input. Routes: catch ``InputError`` and answer
``json_refusal(env, exc)`` (JSON routes: the ``{"error": ...}`` result the
frontend shows) or raise ``http_refusal(env, exc)`` (HTTP routes: a 400 page).
"""

from odoo.exceptions import UserError

from .tools import inputs
from .tools.inputs import InputError


def message(env, exc):
    """The translated text of an ``InputError`` (never the value received)."""
    key = exc.key
    if key == inputs.INVALID_ID:
        return env._("Unknown or invalid record reference.")
    if key == inputs.INVALID_IDS:
        return env._("Invalid list of record references.")
    if key == inputs.INVALID_NUMBER:
        return env._("A number was expected.")
    if key == inputs.OUT_OF_RANGE:
        return env._("The number is out of the accepted range.")
    if key == inputs.TOO_LONG:
        return env._("The text is too long.")
    if key == inputs.INVALID_POSTCODE:
        return env._("Unknown postcode.")
    if key == inputs.INVALID_COUNTRY:
        return env._("Unknown country.")
    if key == inputs.INVALID_CARD_CODE:
        return env._("This is not a valid card code.")
    if key == inputs.INVALID_TOKEN:
        return env._("Invalid or expired link.")
    return env._("Invalid text.")


def rpc(env, parser, *args, **kwargs):
    """Run ``parser(*args, **kwargs)``; bad input becomes a translated ``UserError``."""
    try:
        return parser(*args, **kwargs)
    except InputError as exc:
        raise UserError(message(env, exc)) from None


def rpc_record(records, field="id"):
    """The one record an RPC method was called on, readable by the caller; else a ``UserError``.

    A record method published to the POS or the website gets its ``self`` ids
    straight from the request: anything but one real positive id of an
    existing record the user may read is refused with a clear message (an
    ``AccessError`` for a record they may not read), never a crash.
    """
    env = records.env
    ids = records._ids
    if len(ids) != 1:
        raise UserError(message(env, InputError(inputs.INVALID_ID, field)))
    rpc(env, inputs.parse_id, ids[0], field)
    record = records.exists()
    if not record:
        raise UserError(message(env, InputError(inputs.INVALID_ID, field)))
    record.check_access("read")
    return record


def json_refusal(env, exc):
    """The answer of a JSON route to bad input (a result, as the frontend expects)."""
    return {"error": message(env, exc)}


def http_refusal(env, exc):
    """The exception an HTTP route raises on bad input: Odoo renders a 400 page."""
    return UserError(message(env, exc))


def is_suite_endpoint(endpoint):
    """Whether a routing endpoint is defined or overridden by an ``omni_*`` addon."""
    func = getattr(endpoint, "func", endpoint)
    owner = getattr(func, "__self__", None)
    name = getattr(func, "__name__", "")
    if owner is None or not name:
        return False
    return any(
        name in klass.__dict__ and klass.__module__.startswith("odoo.addons.omni_")
        for klass in type(owner).__mro__
    )


def is_suite_method(env, model, method):
    """Whether ``model.method`` (an RPC call) is defined or overridden by an ``omni_*`` addon."""
    if not isinstance(model, str) or not isinstance(method, str) or model not in env.registry:
        return False
    return any(
        method in klass.__dict__ and klass.__module__.startswith("odoo.addons.omni_")
        for klass in type(env[model]).__mro__
    )

# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Discovery and hostile values for ``test_hostile_input`` (no assertion here).

Routes come from Odoo's routing map (every rule whose endpoint an ``omni_*``
addon defines or overrides); RPC methods from the JavaScript of the installed
``omni_*`` addons (``.call("model", "method", ...)``, ``orm.call``, ``rpc`` on
``/web/dataset/call_kw/model/method``) plus every public ``omni_*`` method a
suite addon defines on a model. A new addon's routes and methods are walked
without editing the test.
"""

import inspect
import os
import re

from hypothesis import strategies as st

from odoo.modules.module import get_module_path

from ..inputs import is_suite_endpoint

_JS_CALL = re.compile(r"""\.call\(\s*["']([\w.]+)["']\s*,\s*["'](\w+)["']""")
_JS_CALL_KW = re.compile(r"""/web/dataset/call_kw/([\w.]+)/(\w+)""")


def suite_modules(env):
    return (
        env["ir.module.module"]
        .search([("name", "=like", "omni_%"), ("state", "=", "installed")])
        .mapped("name")
    )


def _endpoint_params(endpoint):
    """Named parameters of a route, from every definition of the method in the MRO."""
    func = endpoint.func
    names, has_kwargs = [], False
    for klass in type(func.__self__).__mro__:
        method = klass.__dict__.get(func.__name__)
        if method is None:
            continue
        for param in list(inspect.signature(method).parameters.values())[1:]:
            if param.kind is param.VAR_KEYWORD:
                has_kwargs = True
            elif param.kind is not param.VAR_POSITIONAL and param.name not in names:
                names.append(param.name)
    return names, has_kwargs


def discover_routes(env):
    """``[{"url", "type", "auth", "methods", "path_args", "params", "kwargs"}]`` of the suite's rules."""
    routes = []
    for rule in env["ir.http"].routing_map().iter_rules():
        endpoint = rule.endpoint
        if not is_suite_endpoint(endpoint):
            continue
        routing = endpoint.routing
        names, has_kwargs = _endpoint_params(endpoint)
        path_args = sorted(rule.arguments)
        routes.append(
            {
                "url": rule.rule,
                "type": routing.get("type", "http"),
                "auth": routing.get("auth", "user"),
                "methods": sorted(routing.get("methods") or ["GET", "POST"]),
                "path_args": path_args,
                "converters": {name: type(conv).__name__ for name, conv in rule._converters.items()},
                "params": [n for n in names if n not in path_args],
                "kwargs": has_kwargs,
            }
        )
    return sorted(routes, key=lambda r: r["url"])


def discover_rpc(env):
    """``{(model, method): source}``: what the suite's JavaScript calls, and public omni_* methods."""
    found = {}
    for module in suite_modules(env):
        static = os.path.join(get_module_path(module), "static", "src")
        for folder, _dirs, files in os.walk(static):
            for name in files:
                if not name.endswith(".js"):
                    continue
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    source = handle.read()
                for model, method in _JS_CALL.findall(source) + _JS_CALL_KW.findall(source):
                    found.setdefault((model, method), f"{module}/static/src/.../{name}")
    for model_name in env.registry:
        klass = type(env[model_name])
        for name in dir(klass):
            if not name.startswith("omni_") or not inspect.isfunction(getattr(klass, name, None)):
                continue
            owners = [k for k in klass.__mro__ if name in k.__dict__]
            if owners and owners[-1].__module__.startswith("odoo.addons.omni_"):
                found.setdefault((model_name, name), owners[-1].__module__)
    return {key: src for key, src in found.items() if key[0] in env and hasattr(type(env[key[0]]), key[1])}


def rpc_params(env, model, method):
    """``(names, required, is_model_method)`` of a model method callable by RPC."""
    func = getattr(type(env[model]), method)
    params = list(inspect.signature(func).parameters.values())[1:]
    names = [p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.POSITIONAL_ONLY)]
    required = [p.name for p in params if p.default is p.empty and p.kind is p.POSITIONAL_OR_KEYWORD]
    return names, required, getattr(func, "_api", None) == "model"


HOSTILE_TEXT = [
    "",
    " ",
    "\x00",
    "46\x0001",
    "GIFT\x00CODE",
    "\ud800",
    "\x1b[31m\x07",
    "x" * 5000,
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../../etc/passwd",
    "%s %(name)s {0}",
    "ñandú ☃ 𝄞",
    "\u0661\u0662",
    " 1_0 ",
    "1e309",
    "NaN",
    "-1",
    "0x10",
    "true",
    "null",
]
HOSTILE_NUMBERS = [
    0,
    -1,
    2**31,
    2**31 - 1,
    2**63,
    10**30,
    -(10**30),
    1.5,
    -0.0,
    1e308,
    float("inf"),
    float("-inf"),
]


def scalars(plausible, foreign, secrets):
    """Hostile JSON scalars, mixed with valid values (to get past the first check) and foreign ones."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.sampled_from(HOSTILE_NUMBERS),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=30),
        st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=8),
        st.sampled_from(HOSTILE_TEXT),
        st.sampled_from(plausible or [1]),
        st.sampled_from(foreign or [1]),
        st.sampled_from(secrets or ["x"]),
    )


def json_values(plausible, foreign, secrets):
    """Any JSON: hostile scalars, and lists/objects of them (wrong JSON types)."""
    return st.recursive(
        scalars(plausible, foreign, secrets),
        lambda children: (
            st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
        ),
        max_leaves=4,
    )


def text_values(plausible, foreign, secrets):
    """What a URL or a form can carry: text (str) or raw bytes (non-UTF-8 included)."""
    as_text = [str(v) for v in (plausible or []) + (foreign or []) + (secrets or [])]
    return st.one_of(
        st.text(max_size=30),
        st.sampled_from(HOSTILE_TEXT + [str(n) for n in HOSTILE_NUMBERS]),
        st.sampled_from(as_text or ["1"]),
        st.binary(max_size=12),
        st.sampled_from([b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"%00"]),
    )

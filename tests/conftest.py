"""Shared pytest helpers for the suite checks and the pure-logic tests."""

import importlib.util
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = sorted(
    d
    for d in os.listdir(REPO)
    if d.startswith("omni_") and os.path.isfile(os.path.join(REPO, d, "__manifest__.py"))
)


def load_tool(addon, name):
    """Import ``<addon>/tools/<name>.py`` without importing the addon (no Odoo)."""
    path = os.path.join(REPO, addon, "tools", f"{name}.py")
    mod_name = f"_omni_tools_{addon}_{name}"
    if mod_name in sys.modules:
        return sys.modules[mod_name]
    spec = importlib.util.spec_from_file_location(mod_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = module
    spec.loader.exec_module(module)
    return module

"""Suite-level checks that need no Odoo: manifests, XML, access CSVs, .po files, lint."""

import ast
import csv
import glob
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from ..conftest import ADDONS, REPO

EXPECTED = {
    "omni_customer",
    "omni_inventory_aisle",
    "omni_loyalty",
    "omni_helpdesk_sla",
    "omni_helpdesk_sla_livechat",
    "omni_last_mile",
    "omni_recommend",
}


def manifest(addon):
    with open(os.path.join(REPO, addon, "__manifest__.py")) as fh:
        return ast.literal_eval(fh.read())


def test_seven_addons_present():
    assert set(ADDONS) == EXPECTED


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest(addon):
    data = manifest(addon)
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", data["version"]), data["version"]
    assert data["license"] in ("LGPL-3", "AGPL-3")
    if "helpdesk_mgmt" in data["depends"]:
        assert data["license"] == "AGPL-3", "depends on an AGPL addon"
    assert "description" not in data, "use readme/ fragments"
    for key in ("name", "summary", "author", "website", "depends", "installable"):
        assert key in data, key
    for rel in data.get("data", []) + data.get("demo", []):
        assert os.path.isfile(os.path.join(REPO, addon, rel)), f"{addon}: missing {rel}"
    assert os.path.isfile(os.path.join(REPO, addon, "static", "description", "icon.png"))
    assert os.path.isfile(os.path.join(REPO, addon, "i18n", "es.po")), "Spanish translation"
    assert os.path.isfile(os.path.join(REPO, addon, "readme", "DESCRIPTION.md"))
    assert os.path.isfile(os.path.join(REPO, addon, "pyproject.toml"))
    if addon != "omni_customer":
        assert "omni_customer" in data["depends"]


def _files(pattern):
    return sorted(glob.glob(os.path.join(REPO, "omni_*", "**", pattern), recursive=True))


@pytest.mark.parametrize("path", _files("*.xml"), ids=lambda p: os.path.relpath(p, REPO))
def test_xml_parses(path):
    ET.parse(path)


def _defined_models_and_groups():
    """Models and xml ids the suite defines, read from its sources."""
    models, xmlids = set(), set()
    for py in _files("*.py"):
        with open(py) as fh:
            text = fh.read()
        models.update(re.findall(r"_name\s*=\s*[\"']([\w.]+)[\"']", text))
        models.update(re.findall(r"_inherit\s*=\s*[\"']([\w.]+)[\"']", text))
    for xml in _files("*.xml"):
        for rec in ET.parse(xml).getroot().iter("record"):
            if rec.get("id"):
                xmlids.add(rec.get("id"))
    return models, xmlids


# Models and groups of Odoo/OCA addons the suite depends on that access rows may name.
KNOWN_EXTERNAL_GROUPS = {
    "base.group_user",
    "base.group_portal",
    "base.group_public",
    "base.group_system",
    "point_of_sale.group_pos_user",
    "point_of_sale.group_pos_manager",
    "sales_team.group_sale_salesman",
    "sales_team.group_sale_manager",
    "stock.group_stock_user",
    "stock.group_stock_manager",
    "helpdesk_mgmt.group_helpdesk_user",
    "helpdesk_mgmt.group_helpdesk_manager",
    "helpdesk_mgmt.group_helpdesk_user_own",
}


@pytest.mark.parametrize("path", _files("ir.model.access.csv"), ids=lambda p: os.path.relpath(p, REPO))
def test_access_csv(path):
    models, xmlids = _defined_models_and_groups()
    addon = os.path.relpath(path, REPO).split(os.sep)[0]
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows, "empty access file"
    seen = set()
    for row in rows:
        assert row["id"] not in seen, f"duplicate id {row['id']}"
        seen.add(row["id"])
        model_ref = row["model_id:id"].split(".")[-1]
        assert model_ref.startswith("model_"), row
        model_key = model_ref[len("model_") :]
        assert any(m.replace(".", "_") == model_key for m in models), f"unknown model {model_ref}"
        group = row["group_id:id"]
        if group:
            if "." in group and not group.startswith(addon + "."):
                prefix = group.split(".")[0]
                assert group in KNOWN_EXTERNAL_GROUPS or (
                    prefix in ADDONS and group.split(".")[1] in xmlids
                ), f"unknown group {group}"
            else:
                assert group.split(".")[-1] in xmlids, f"unknown group {group}"
        for perm in ("perm_read", "perm_write", "perm_create", "perm_unlink"):
            assert row[perm] in ("0", "1")


@pytest.mark.parametrize("path", _files("*.po"), ids=lambda p: os.path.relpath(p, REPO))
def test_po_parses_and_is_complete(path):
    polib = pytest.importorskip("polib")
    po = polib.pofile(path)
    assert po.metadata.get("Language") == "es" or path.endswith("es.po")
    untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:3]}"
    # Odoo's PoFileReader reads the module of every entry from its "#. module:" comment and
    # crashes loading the file when one has none (a merge that dropped the line, say).
    moduleless = [e.msgid for e in po if not e.obsolete and not re.match(r"modules?: \w+", e.comment or "")]
    assert not moduleless, f"entries without a '#. module:' comment: {moduleless[:3]}"
    for entry in po.translated_entries():
        for fmt in (
            "%s",
            "%d",
            "%(",
        ):
            assert entry.msgid.count(fmt) == entry.msgstr.count(fmt), entry.msgid


def _tool(name):
    path = shutil.which(name)
    if not path:
        pytest.fail(f"{name} is not installed: pip install -r requirements-dev.txt")
    return path


def test_ruff():
    proc = subprocess.run(
        [_tool("ruff"), "check", "."], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


PYLINT_BLOCKING = ",".join(
    [
        "manifest-version-format",
        "license-allowed",
        "sql-injection",
        "invalid-commit",
        "external-request-timeout",
        "translation-required",
        "prefer-env-translation",
        "no-write-in-compute",
        "missing-return",
        "manifest-required-author",
        "manifest-deprecated-key",
        "method-required-super",
        "attribute-deprecated",
    ]
)


def test_pylint_odoo():
    _tool("pylint")
    cmd = [
        sys.executable,
        "-m",
        "pylint",
        "--load-plugins=pylint_odoo",
        "--disable=all",
        f"--enable={PYLINT_BLOCKING}",
        "--valid-odoo-versions=18.0",
        "--manifest-required-authors=Omnicanal",
        "--score=n",
        "--reports=n",
        *ADDONS,
    ]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("addon", ADDONS)
def test_apps_description_is_the_readme(addon):
    """Odoo's Apps screen shows static/description/index.html, the README rendered by gen_readme.py.

    Without it Odoo parses README.md as reStructuredText: garbled text, docutils errors in the log.
    """
    spec = importlib.util.spec_from_file_location("gen_readme", os.path.join(REPO, "setup", "gen_readme.py"))
    gen_readme = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen_readme)
    with open(os.path.join(REPO, addon, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    path = os.path.join(REPO, addon, "static", "description", "index.html")
    assert os.path.isfile(path), f"run setup/gen_readme.py {addon}"
    with open(path, encoding="utf-8") as fh:
        html = fh.read()
    assert html == gen_readme.description_html(addon, readme), f"stale: run setup/gen_readme.py {addon}"
    for src in re.findall(r'src="([^"]+)"', html):
        assert src.startswith(f"/{addon}/static/description/"), src
        assert os.path.isfile(os.path.join(REPO, src.lstrip("/"))), src

#!/usr/bin/env python3
"""Build each addon's README.md from its readme/ fragments and screenshots, and the same text as the
HTML description Odoo's Apps screen shows (static/description/index.html).

Without that file Odoo renders the README itself, as reStructuredText: a Markdown README comes out
garbled, with docutils errors in the log of every install and upgrade.

python3 setup/gen_readme.py [addon ...]
"""

import ast
import glob
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECTIONS = (
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known limits and roadmap"),
)


def build(addon):
    with open(os.path.join(REPO, addon, "__manifest__.py")) as fh:
        manifest = ast.literal_eval(fh.read())
    parts = [
        f"# {manifest['name']}",
        "",
        f"`{addon}` {manifest['version']} — {manifest['license']} — Odoo 18.0 Community",
        "",
        f"*{manifest['summary']}*",
        "",
    ]
    deps = ", ".join(f"`{d}`" for d in manifest["depends"])
    parts += [f"Depends on: {deps}.", ""]
    for fname, title in SECTIONS:
        path = os.path.join(REPO, addon, "readme", fname)
        if os.path.isfile(path):
            if title:
                parts += [f"## {title}", ""]
            with open(path) as fh:
                parts += [fh.read().strip(), ""]
    shots = sorted(glob.glob(os.path.join(REPO, addon, "static", "description", "screenshots", "*.png")))
    if shots:
        parts += ["## Screenshots", ""]
        for shot in shots:
            rel = os.path.relpath(shot, os.path.join(REPO, addon))
            label = os.path.splitext(os.path.basename(shot))[0].split("_", 1)[-1].replace("_", " ")
            parts += [f"**{label.capitalize()}**", "", f"![{label}]({rel})", ""]
    parts += [
        "## Tests",
        "",
        f"`setup/test --addons {addon}` from the repository root runs this addon's Odoo tests; "
        "pure-logic tests live in the repository's `tests/unit`.",
        "",
    ]
    text = "\n".join(parts)
    with open(os.path.join(REPO, addon, "README.md"), "w") as fh:
        fh.write(text)
    with open(os.path.join(REPO, addon, "static", "description", "index.html"), "w") as fh:
        fh.write(description_html(addon, text))


def description_html(addon, readme):
    """The README as the HTML of the addon's Apps description; images served from the addon."""
    import markdown  # a dev requirement: only this script and its test need it

    html = markdown.markdown(readme, extensions=["tables", "fenced_code"])
    # Odoo leaves a src containing "static/" as it is: make it absolute, as the web client needs.
    html = re.sub(r'src="static/', f'src="/{addon}/static/', html)
    return f'<section class="oe_container">\n{html}\n</section>\n'


if __name__ == "__main__":
    addons = sys.argv[1:] or sorted(d for d in os.listdir(REPO) if d.startswith("omni_"))
    for name in addons:
        build(name)
        print(f"{name}/README.md")

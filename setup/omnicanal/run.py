#!/usr/bin/env python3
"""Set up and serve Omnicanal: Odoo 18 + a private PostgreSQL + the database
``omnicanal`` with the seven addons and the demo data of a Spanish retail chain.

A second run reuses the database; ``--reset`` rebuilds it.
"""

import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from omnicanal import env as omni_env

LOGINS = [
    ("manager", "omni.manager", "omni.manager"),
    ("cashier", "omni.cashier", "omni.cashier"),
    ("portal customer", "omni.portal", "omni.portal"),
    ("administrator", "admin", "admin"),
]


def fail(message, code=2):
    print(message, file=sys.stderr)
    sys.exit(code)


class Progress:
    """One line per long step, with the time it took and the total so far."""

    def __init__(self):
        self.started = time.time()

    def step(self, label, func, *args, **kwargs):
        begun = time.time()
        print(f"  {label}...", flush=True)
        result = func(*args, **kwargs)
        took, total = _elapsed(time.time() - begun), _elapsed(time.time() - self.started)
        print(f"  {label}: done in {took} ({total} so far)", flush=True)
        return result


def _elapsed(seconds):
    return f"{int(seconds // 60)} min {int(seconds % 60):02d} s" if seconds >= 60 else f"{seconds:.0f} s"


def suite_requirements():
    return [
        os.path.join(omni_env.REPO, "requirements.txt"),
        os.path.join(omni_env.REPO, "setup", "demo", "requirements.txt"),
    ]


def ensure_oca_addons(vpython, pythonpath):
    """Addons paths with the OCA addons the suite needs, installing their wheels into the venv."""
    paths = omni_env.odoo_addons_paths(vpython, pythonpath)
    if omni_env.missing_oca_addons(paths):
        # --no-deps: the wheels' only dependency is Odoo, which pip cannot see in a source install.
        subprocess.run(
            [vpython, "-m", "pip", "install", "-q", "--no-deps", "-r", omni_env.OCA_REQUIREMENTS],
            check=False,
        )
        paths = omni_env.odoo_addons_paths(vpython, pythonpath)
    missing = omni_env.missing_oca_addons(paths)
    if missing:
        raise omni_env.SetupError(
            f"OCA addon(s) {', '.join(missing)} could not be installed into {os.path.dirname(vpython)}: "
            f"install them by hand ({omni_env.HOW_TO_PROVIDE_OCA}) and run again."
        )
    return paths


def create_database(odoo, vpython, conf, args, env, output=None, progress=None):
    """Create the database the way Odoo's database manager does for a Spanish
    company: base first, then the company's country and currency (EUR), and only
    then the applications, so the Spanish chart of accounts (l10n_es), the
    journals, the pricelists and the POS payment methods are all in EUR."""
    generate = [
        vpython,
        os.path.join(omni_env.REPO, "setup", "demo", "generate.py"),
        "-c",
        conf,
        "-d",
        args.db,
    ]
    quiet = ["--stop-after-init", "--log-level=warn", "--max-cron-threads=0"]
    progress = progress or Progress()
    print(f"Creating database {args.db} (Spain, EUR) with the seven Omnicanal addons:", flush=True)

    def run(cmd):
        subprocess.run(cmd, env=env, check=True, stdout=output, stderr=output and subprocess.STDOUT)

    progress.step("base, in Spanish", run, odoo + ["-i", "base", "--load-language=es_ES", *quiet])
    progress.step("company: Spain, EUR", run, generate + ["--company-only"])
    # Accounting with the Spanish chart first: Odoo loads the chart once the
    # registry is ready, and the POS and shop demo data need its journals.
    progress.step("Spanish chart of accounts (l10n_es)", run, odoo + ["-i", "l10n_es", *quiet])
    progress.step("the seven Omnicanal addons", run, odoo + ["-i", ",".join(omni_env.ADDONS), *quiet])
    progress.step(f"demo chain ({args.size})", run, generate + ["--size", args.size])


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reset", action="store_true", help="drop and rebuild the database")
    parser.add_argument("--no-serve", action="store_true", help="set up, then stop")
    parser.add_argument("--port", type=int, default=8069, help="HTTP port on 127.0.0.1 (default 8069)")
    parser.add_argument("--db", default="omnicanal")
    parser.add_argument("--size", default="default", choices=["default", "small"], help="demo data size")
    args = parser.parse_args()
    try:
        return setup(args)
    except omni_env.SetupError as exc:
        fail(str(exc))
    except subprocess.CalledProcessError as exc:
        fail(
            f"A setup step failed (exit {exc.returncode}): {' '.join(map(str, exc.cmd[:6]))} ... "
            "Its output is above; fix what it names and run again (--reset starts over).",
            5,
        )
    except KeyboardInterrupt:
        fail("Interrupted.", 130)


def setup(args):
    progress = Progress()
    found = omni_env.odoo_python()
    if not found:
        fail(omni_env.HOW_TO_PROVIDE_ODOO)
    if not args.no_serve and not omni_env.port_free(args.port):
        fail(f"Port {args.port} on 127.0.0.1 is already in use: stop what listens there or pass --port.", 3)
    if not omni_env.pg_bindir():
        fail(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found: install them "
            "(Debian: apt-get install postgresql) or set PG_BINDIR to their folder.",
            4,
        )
    how = ("Odoo importable by " + found.python) if found.importable else ("Odoo source tree " + found.src)
    print(f"Omnicanal setup ({how}):", flush=True)
    os.makedirs(os.path.join(omni_env.STATE, "logs"), exist_ok=True)
    venv_log = os.path.join(omni_env.STATE, "logs", "venv.log")
    with open(venv_log, "a", encoding="utf-8") as log:
        vpython, notes = progress.step(
            f"virtualenv .omni/venv (pip's output in {venv_log})",
            omni_env.ensure_venv,
            found,
            suite_requirements(),
            log=log,
        )
    for note in notes:
        print(f"  note: {note}", flush=True)
    try:
        db = omni_env.ensure_cluster("pg", port=os.environ.get("OMNI_PG_PORT", "5439"))
    except subprocess.CalledProcessError as exc:
        fail(f"Could not start PostgreSQL ({exc}): see .omni/pg/server.log.", 4)
    conf = omni_env.write_config(
        os.path.join(omni_env.STATE, "run.conf"),
        db,
        ensure_oca_addons(vpython, found.pythonpath),
        http_port=args.port,
    )
    env = dict(os.environ)
    if found.pythonpath:
        env["PYTHONPATH"] = found.pythonpath + os.pathsep + env.get("PYTHONPATH", "")
    odoo = [vpython, "-m", "odoo", "-c", conf, "-d", args.db]
    exists = omni_env.database_exists(db, args.db)
    if exists and args.reset:
        omni_env.drop_database(db, args.db)
        exists = False
    if not exists:
        create_database(odoo, vpython, conf, args, env, progress=progress)
    else:
        print(f"Reusing database {args.db} (--reset rebuilds it).", flush=True)
    url = f"http://127.0.0.1:{args.port}/odoo?db={args.db}"
    print(f"\nOmnicanal is ready in {_elapsed(time.time() - progress.started)}: {url}")
    for role, login, password in LOGINS:
        print(f"  {role:16} login {login:14} password {password}")
    print(
        "\n  stop: Ctrl+C (PostgreSQL keeps running; setup/run again reuses it)"
        "\n  rebuild the database: setup/run --reset"
        "\n  run the tests: setup/test"
    )
    if args.no_serve:
        return 0
    print(f"Serving on {url} ...", flush=True)
    os.execvpe(odoo[0], odoo + [f"--db-filter=^{args.db}$"], env)
    return 0


if __name__ == "__main__":
    sys.exit(main())

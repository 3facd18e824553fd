"""Locate Odoo 18, the addons and a private PostgreSQL cluster.

Nothing here downloads Odoo: the official 18.0 sources are not on any
package registry. Odoo is found as an importable ``odoo`` package, or as a
source tree named by ``ODOO_SRC`` (the folder holding ``odoo-bin``).
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STATE = os.path.join(REPO, ".omni")
ADDONS = [
    "omni_customer",
    "omni_inventory_aisle",
    "omni_loyalty",
    "omni_helpdesk_sla",
    "omni_last_mile",
    "omni_recommend",
]
# Odoo addons installed in the test database only (see setup/omnitest.py).
TEST_ONLY_ADDONS = ["payment_demo"]
HOW_TO_PROVIDE_ODOO = """\
Odoo 18.0 Community was not found.
Provide it in one of these ways, then run this command again:
  1. Install it for this Python (python3 -c 'import odoo' must work), e.g. from
     an Odoo 18.0 source checkout:  pip install -r requirements.txt && pip install -e .
  2. Or point ODOO_SRC at an Odoo 18.0 source tree (the folder holding odoo-bin):
       ODOO_SRC=/opt/odoo18 setup/run
  3. Or use containers: docker compose -f setup/docker-compose.yml up
Odoo itself is not on PyPI, so this script cannot download it for you."""
# OCA addons the suite depends on (technical name -> where it comes from).
OCA_ADDONS = {"helpdesk_mgmt": "odoo-addon-helpdesk-mgmt (requirements-oca.txt)"}
OCA_REQUIREMENTS = os.path.join(REPO, "requirements-oca.txt")
HOW_TO_PROVIDE_OCA = "python3 -m pip install --no-deps -r requirements-oca.txt"


class SetupError(Exception):
    pass


def odoo_python():
    """(python executable, extra PYTHONPATH) able to import Odoo 18, or None."""
    src = os.environ.get("ODOO_SRC")
    candidates = []
    if src:
        if not os.path.isfile(os.path.join(src, "odoo", "release.py")):
            raise SetupError(
                f"ODOO_SRC={src} is not an Odoo source tree (no odoo/release.py).\n\n" + HOW_TO_PROVIDE_ODOO
            )
        candidates.append((sys.executable, src))
    candidates.append((sys.executable, ""))
    for python, path in candidates:
        env = dict(os.environ)
        if path:
            env["PYTHONPATH"] = path + os.pathsep + env.get("PYTHONPATH", "")
        proc = subprocess.run(
            [python, "-c", "import odoo.release as r; print(r.version_info[0])"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if proc.returncode == 0:
            major = proc.stdout.strip()
            if major != "18":
                raise SetupError(f"Found Odoo {major}, Omnicanal needs Odoo 18.0.\n\n" + HOW_TO_PROVIDE_ODOO)
            return python, path
    return None


def odoo_addons_paths(python, pythonpath):
    """Addons folders: Odoo's own, wheels installed in odoo/addons, this repo."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath + os.pathsep + env.get("PYTHONPATH", "")
    code = (
        "import odoo.addons, os, sys\n"
        "print(os.pathsep.join(p for p in odoo.addons.__path__ if os.path.isdir(p)))"
    )
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, env=env, check=True)
    paths = [p for p in out.stdout.strip().split(os.pathsep) if p]
    # odoo/addons holds the core addons; base lives in odoo/addons too in 18.0.
    return [*paths, REPO]


def missing_oca_addons(addons_paths):
    """The OCA addons of OCA_ADDONS found in none of ``addons_paths``."""
    return sorted(
        name
        for name in OCA_ADDONS
        if not any(os.path.isfile(os.path.join(path, name, "__manifest__.py")) for path in addons_paths)
    )


def pg_bindir():
    for candidate in [
        os.environ.get("PG_BINDIR", ""),
        *sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True),
    ]:
        if candidate and os.path.isfile(os.path.join(candidate, "initdb")):
            return candidate
    initdb = shutil.which("initdb")
    return os.path.dirname(os.path.realpath(initdb)) if initdb else None


def port_free(port, host="127.0.0.1"):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _as_pg_user(cmd):
    """Run a PostgreSQL server binary; as root it runs as the postgres user."""
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError as exc:
            raise SetupError(
                "Running as root but there is no 'postgres' system user to run the PostgreSQL server as."
            ) from exc
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def ensure_cluster(name="pg", port=None):
    """Start (creating if needed) a private loopback-only cluster.

    Returns a dict with host, port, user and password for Odoo.
    """
    bindir = pg_bindir()
    if not bindir:
        raise SetupError(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them, "
            "for example: apt-get install postgresql (Debian) — or set PG_BINDIR."
        )
    base = os.path.join(STATE, name)
    data = os.path.join(base, "data")
    port = int(port or os.environ.get("OMNI_PG_PORT") or 5439)
    os.makedirs(base, exist_ok=True)
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(STATE, pw.pw_uid, pw.pw_gid)
        os.chown(base, pw.pw_uid, pw.pw_gid)
    pg_ctl = os.path.join(bindir, "pg_ctl")
    if not os.path.isdir(data):
        subprocess.run(
            _as_pg_user(
                [
                    os.path.join(bindir, "initdb"),
                    "-D",
                    data,
                    "-U",
                    "odoo",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    status = subprocess.run(_as_pg_user([pg_ctl, "-D", data, "status"]), capture_output=True, check=False)
    if status.returncode != 0:
        if not port_free(port):
            raise SetupError(f"Port {port} is already in use: set OMNI_PG_PORT to a free port.")
        opts = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {base} "
            "-c max_connections=200 -c max_locks_per_transaction=256 -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c shared_buffers=512MB"
        )
        subprocess.run(
            _as_pg_user(
                [pg_ctl, "-D", data, "-o", opts, "-l", os.path.join(base, "server.log"), "-w", "start"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    else:
        with open(os.path.join(data, "postmaster.pid")) as pid:
            lines = pid.read().splitlines()
            port = int(lines[3]) if len(lines) > 3 else port
    for _attempt in range(50):
        if not port_free(port):
            break
        time.sleep(0.2)
    return {"db_host": "127.0.0.1", "db_port": port, "db_user": "odoo", "db_password": "odoo"}


def stop_cluster(name="pg"):
    bindir = pg_bindir()
    data = os.path.join(STATE, name, "data")
    if bindir and os.path.isdir(data):
        subprocess.run(
            _as_pg_user([os.path.join(bindir, "pg_ctl"), "-D", data, "-m", "fast", "stop"]),
            check=False,
            capture_output=True,
        )


def write_config(path, db, addons_paths, http_port=8069, extra=None):
    lines = ["[options]"]
    for key, value in db.items():
        lines.append(f"{key} = {value}")
    lines += [
        f"addons_path = {','.join(addons_paths)}",
        f"data_dir = {os.path.join(STATE, 'filestore')}",
        "http_interface = 127.0.0.1",
        f"http_port = {http_port}",
        "list_db = False",
        "without_demo = False",
    ]
    for key, value in (extra or {}).items():
        lines.append(f"{key} = {value}")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as conf:
        conf.write("\n".join(lines) + "\n")
    return path


def pg_connect(db, dbname="postgres"):
    """A psycopg2 connection to the private cluster described by ``db`` (see ensure_cluster)."""
    import psycopg2

    return psycopg2.connect(
        host=db["db_host"],
        port=db["db_port"],
        user=db["db_user"],
        password=db["db_password"],
        dbname=dbname,
    )


def database_exists(db, name):
    conn = pg_connect(db)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            return bool(cur.fetchone())
    finally:
        conn.close()


def drop_database(db, name):
    """Drop a database of the private cluster (Odoo's own drop is disabled by list_db = False)."""
    from psycopg2 import sql

    conn = pg_connect(db)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        conn.close()
    filestore = os.path.join(STATE, "filestore", "filestore", name)
    shutil.rmtree(filestore, ignore_errors=True)

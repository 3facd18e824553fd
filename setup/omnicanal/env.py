"""Locate Odoo 18, the addons and a private PostgreSQL cluster.

Nothing here downloads Odoo: the official 18.0 sources are not on any
package registry. Odoo is found as an importable ``odoo`` package, or as a
source tree named by ``ODOO_SRC`` (the folder holding ``odoo-bin``).
"""

import glob
import hashlib
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STATE = os.path.join(REPO, ".omni")
# Where a cluster lives when the postgres user cannot enter the clone (see cluster_base).
OUTSIDE_STATE = os.environ.get("OMNI_OUTSIDE_STATE", "/var/lib/omnicanal")
ADDONS = [
    "omni_customer",
    "omni_inventory_aisle",
    "omni_loyalty",
    "omni_helpdesk_sla",
    "omni_helpdesk_sla_livechat",
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
    """A setup problem the user can fix: one line naming the cause and the fix, no traceback."""


# Odoo 18.0 runs on these Pythons (odoo/__init__.py MIN_PY_VERSION / MAX_PY_VERSION).
PY_RANGE = ((3, 10), (3, 12))
# Requirements of Odoo's requirements.txt that are skipped, with the reason told to the user.
SKIPPED_REQUIREMENTS = {
    "python-ldap": "needs the OpenLDAP headers to build, and only the auth_ldap addon uses it",
}
PROBE = r"""
import importlib.util, json, site, sys
out = {"prefix": sys.prefix, "base_prefix": sys.base_prefix, "version": list(sys.version_info[:2])}
try:
    out["site"] = [*site.getsitepackages(), site.getusersitepackages()]
except AttributeError:  # an old virtualenv's site module
    out["site"] = [p for p in sys.path if p.endswith("-packages")]
spec = importlib.util.find_spec("odoo")
out["pkg"] = list(spec.submodule_search_locations)[0] if spec and spec.submodule_search_locations else ""
try:
    import odoo.addons  # noqa: F401 - imports Odoo with its requirements
    out["importable"] = True
except Exception as exc:  # what is missing is reported to the user
    out["importable"] = False
    out["error"] = f"{type(exc).__name__}: {exc}"
print(json.dumps(out))
"""


class OdooFound:
    """Where Odoo 18 was found and how the interpreter that runs it must be prepared.

    ``python`` is the interpreter given (system or virtualenv), ``src`` the Odoo
    source tree (ODOO_SRC, or the folder holding the ``odoo`` package found),
    ``importable`` whether ``python`` already imports Odoo with its requirements,
    ``site_dirs`` that interpreter's site-packages (layered under .omni/venv) and
    ``pythonpath`` what must be on PYTHONPATH for ``python`` to see Odoo.
    """

    def __init__(self, python, src, importable, site_dirs, pythonpath="", error=""):
        self.python = python
        self.src = src
        self.importable = importable
        self.site_dirs = site_dirs
        self.pythonpath = pythonpath
        self.error = error

    def __iter__(self):  # (python, pythonpath), as callers unpacked before
        return iter((self.python, self.pythonpath))


def release_major(src):
    """The major version of the Odoo tree ``src``, read from odoo/release.py without importing Odoo."""
    path = os.path.join(src, "odoo", "release.py")
    namespace = {}
    try:
        with open(path, encoding="utf-8") as fh:
            exec(compile(fh.read(), path, "exec"), namespace)
        return int(namespace["version_info"][0])
    except (OSError, SyntaxError, KeyError, IndexError, TypeError, ValueError) as exc:
        raise SetupError(
            f"{path} does not give an Odoo version ({type(exc).__name__}): point ODOO_SRC at an Odoo 18.0 "
            "source tree (the folder holding odoo-bin)."
        ) from exc


def probe(python, pythonpath=""):
    """What ``python`` sees of Odoo (see PROBE); raises SetupError when it does not run."""
    env = dict(os.environ)
    env.pop("PYTHONHOME", None)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath + os.pathsep + env.get("PYTHONPATH", "")
    try:
        proc = subprocess.run(
            [python, "-c", PROBE], capture_output=True, text=True, env=env, check=False, timeout=120
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SetupError(
            f"The interpreter {python} does not run ({exc}): set PYTHON to a Python 3.11."
        ) from exc
    if proc.returncode:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise SetupError(f"The interpreter {python} failed to start ({last}): set PYTHON to a Python 3.11.")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def odoo_python(python=None):
    """Find Odoo 18 for ``python`` (default: the running interpreter): an OdooFound, or None.

    ``ODOO_SRC`` names a source tree; otherwise the interpreter's own ``odoo``
    package (system or virtualenv, imported or only installed) is used. A wrong
    tree, another Odoo version or an unsupported Python is a SetupError.
    """
    python = python or sys.executable
    src = os.environ.get("ODOO_SRC", "")
    if src:
        src = os.path.abspath(src)
        if not os.path.isfile(os.path.join(src, "odoo", "release.py")):
            raise SetupError(
                f"ODOO_SRC={src} is not an Odoo source tree (no odoo/release.py): "
                "point it at the folder holding odoo-bin."
            )
    info = probe(python, src)
    version = tuple(info["version"])
    if not PY_RANGE[0] <= version <= PY_RANGE[1]:
        raise SetupError(
            f"{python} is Python {version[0]}.{version[1]}; Odoo 18.0 needs Python 3.10 to 3.12: "
            "set PYTHON to such an interpreter."
        )
    if not src:
        if not info["pkg"]:
            return None
        src = os.path.dirname(info["pkg"])
    major = release_major(src)
    if major != 18:
        raise SetupError(
            f"Found Odoo {major} in {src}; Omnicanal needs Odoo 18.0: "
            "set ODOO_SRC to an 18.0 tree or install Odoo 18.0."
        )
    pythonpath = (os.environ.get("ODOO_SRC") and src) or ""
    site_dirs = [d for d in info["site"] if os.path.isdir(d)]
    return OdooFound(python, src, info["importable"], site_dirs, pythonpath, info.get("error", ""))


def requirement_name(line):
    found = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", line)
    return found[1] if found else ""


# What pip prints about the requirement it could not satisfy or build.
PIP_FAILED_RE = re.compile(
    r"(?:No matching distribution found for|Failed building wheel for|Failed to build)"
    r"\s+([A-Za-z0-9][A-Za-z0-9._-]*)"
)
# Requirement lines whose environment marker holds for the venv's Python (pip's own packaging).
MARKERS_PROBE = r"""
import sys
from pip._vendor.packaging.requirements import Requirement
for line in sys.stdin.read().splitlines():
    req = Requirement(line)
    if req.marker is None or req.marker.evaluate():
        print(str(req).split(";")[0].strip())
"""


def install_requirements(vpython, req_file, log=None):
    """Install an Odoo tree's requirements.txt into ``vpython``'s virtualenv.

    The whole file at once; a pin that has no wheel or does not build on this
    Python (named by pip's error) is replaced by the unpinned package and the
    file tried again; if pip names nothing, line by line. Old sdists need
    ``setuptools<70`` (pkg_resources) and ``--no-build-isolation``. Returns the
    notes for the user: skipped, unpinned or failed packages.
    """
    notes, lines = [], []
    with open(req_file, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.split(" #", 1)[0].strip()
            if not line or line.startswith("#"):
                continue
            name = requirement_name(line)
            if name.lower() in SKIPPED_REQUIREMENTS:
                if not any(note.startswith(name + " ") for note in notes):
                    notes.append(f"{name} skipped: {SKIPPED_REQUIREMENTS[name.lower()]}")
                continue
            lines.append(line)
    applicable = subprocess.run(
        [vpython, "-c", MARKERS_PROBE], input="\n".join(lines), capture_output=True, text=True, check=False
    )
    if applicable.returncode == 0:  # else pip evaluates the markers itself
        lines = applicable.stdout.split()
    pip = [vpython, "-m", "pip", "install", "--disable-pip-version-check", "-q", "--no-build-isolation"]

    def run(args):
        proc = subprocess.run(pip + args, capture_output=True, text=True, check=False)
        if log:
            log.write(proc.stdout + proc.stderr)
            log.flush()
        return proc.returncode, proc.stdout + proc.stderr

    run(["setuptools<70", "wheel"])
    filtered = os.path.join(os.path.dirname(os.path.dirname(vpython)), "odoo-requirements.txt")
    for _round in range(8):
        with open(filtered, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        code, output = run(["-r", filtered])
        if code == 0:
            return notes
        failed = {name.lower() for name in PIP_FAILED_RE.findall(output)}
        pinned = [
            line
            for line in lines
            if requirement_name(line).lower() in failed and line != requirement_name(line)
        ]
        if not pinned:
            break
        for line in pinned:
            name = requirement_name(line)
            notes.append(
                f"{name}: the pin '{line.split(';')[0].strip()}' did not install here, installed unpinned"
            )
            lines = [name if other == line else other for other in lines]
    for line in lines:  # pip named nothing it could fix: one requirement at a time
        if run([line])[0] == 0:
            continue
        name = requirement_name(line)
        if line != name and run([name])[0] == 0:
            notes.append(
                f"{name}: the pin '{line.split(';')[0].strip()}' did not install here, installed unpinned"
            )
        else:
            notes.append(f"{name}: could not be installed ('{line.split(';')[0].strip()}')")
    return notes


def layer_site_dirs(vpython, paths):
    """Make ``paths`` (site-packages of the interpreter that has Odoo, a source tree) visible in the venv.

    A ``.pth`` line ``import site; site.addsitedir(...)`` also processes the .pth
    files found there (editable installs of Odoo), which a bare path would not.
    """
    out = subprocess.run(
        [vpython, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    )
    target = os.path.join(out.stdout.strip(), "omnicanal-layer.pth")
    with open(target, "w", encoding="utf-8") as fh:
        for path in paths:
            fh.write(f"import site; site.addsitedir({path!r})\n")
    return target


def ensure_venv(found, requirement_files, venv=None, log=None, say=print):
    """The interpreter of ``venv`` (default .omni/venv): it imports Odoo and has ``requirement_files``.

    Odoo importable by the given Python (system or virtualenv): the venv is laid
    over it (its site-packages are layered in). Only a source tree: a clean venv
    gets the tree's own requirements.txt. Returns (venv python, notes).
    """
    venv = venv or os.path.join(STATE, "venv")
    vpython = os.path.join(venv, "bin", "python")
    stamp = os.path.join(venv, ".omnicanal-odoo")
    key = f"{found.python}|{found.src}|{found.importable}"
    notes = []
    if os.path.exists(vpython) and (not os.path.isfile(stamp) or open(stamp).read() != key):
        shutil.rmtree(venv)  # made for another Odoo or interpreter
    if not os.path.exists(vpython):
        cmd = [found.python, "-m", "venv"] + (["--system-site-packages"] if found.importable else []) + [venv]
        if subprocess.run(cmd, stdout=log, stderr=log and subprocess.STDOUT, check=False).returncode:
            raise SetupError(
                f"Could not create a virtualenv in {venv} with {found.python} (python3-venv missing?)."
            )
        if found.importable:
            layer_site_dirs(vpython, [*found.site_dirs, *([found.pythonpath] if found.pythonpath else [])])
        else:
            req = os.path.join(found.src, "requirements.txt")
            if not os.path.isfile(req):
                shutil.rmtree(venv, ignore_errors=True)
                raise SetupError(
                    f"Odoo in {found.src} does not import ({found.error}) and has no requirements.txt "
                    "beside it: install Odoo's requirements into that Python, or set ODOO_SRC to an "
                    "Odoo 18.0 source tree."
                )
            say(f"  installing Odoo's requirements ({req}) into {venv} (several minutes)...")
            notes += install_requirements(vpython, req, log)
            layer_site_dirs(vpython, [found.src])
        check = subprocess.run(
            [vpython, "-c", "import odoo.addons"], capture_output=True, text=True, check=False
        )
        if check.returncode:
            last = (check.stderr.strip().splitlines() or ["?"])[-1]
            shutil.rmtree(venv, ignore_errors=True)
            raise SetupError(f"Odoo does not import in {venv} ({last}): install what it names and run again.")
        with open(stamp, "w") as fh:
            fh.write(key)
    reqs = [r for r in requirement_files if os.path.isfile(r)]
    mark = os.path.join(venv, ".omnicanal-reqs")
    digest = hashlib.sha1(b"".join(open(r, "rb").read() for r in reqs)).hexdigest()
    if reqs and (not os.path.isfile(mark) or open(mark).read() != digest):
        install = [vpython, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        for req in reqs:
            install += ["-r", req]
        if subprocess.run(install, stdout=log, stderr=log and subprocess.STDOUT, check=False).returncode:
            raise SetupError(
                f"Could not install {' and '.join(reqs)} into {venv}: install them by hand and run again."
            )
        with open(mark, "w") as fh:
            fh.write(digest)
    return vpython, notes


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
    """The folder of initdb/pg_ctl: PG_BINDIR when set (and only it), else Debian's or PATH's."""
    if os.environ.get("PG_BINDIR"):
        chosen = os.environ["PG_BINDIR"]
        return chosen if os.path.isfile(os.path.join(chosen, "initdb")) else None
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
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


def _postgres_can_enter(path):
    """Whether the postgres system user can reach ``path`` (every folder above it searchable)."""
    proc = subprocess.run(
        ["runuser", "-u", "postgres", "--", "sh", "-c", 'cd "$1"', "sh", path],
        capture_output=True,
        check=False,
    )
    return proc.returncode == 0


def cluster_base(name, state=None, repo=None):
    """The folder of the private cluster ``name``: .omni/<name>, or, when the server runs as
    the postgres user (setup started as root) and that user cannot enter the clone (root's
    home, a mktemp -d folder), /var/lib/omnicanal/<hash of the clone's path>/<name>."""
    state, repo = state or STATE, repo or REPO
    if os.geteuid() != 0 or _postgres_can_enter(repo):
        return os.path.join(state, name)
    digest = hashlib.sha1(os.path.realpath(repo).encode()).hexdigest()[:12]
    return os.path.join(OUTSIDE_STATE, digest, name)


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
    os.makedirs(STATE, exist_ok=True)
    base = cluster_base(name)
    data = os.path.join(base, "data")
    port = int(port or os.environ.get("OMNI_PG_PORT") or 5439)
    os.makedirs(base, exist_ok=True)
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        for folder in {STATE, base, os.path.dirname(base)}:
            os.chown(folder, pw.pw_uid, pw.pw_gid)
        if not base.startswith(STATE + os.sep):
            print(f"  PostgreSQL data in {base} (the postgres user cannot enter {REPO})", flush=True)
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
    data = os.path.join(cluster_base(name), "data")
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


DBNAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$")


def psql(db, sql, dbname="postgres"):
    """Run ``sql`` on the private cluster with its own psql (no Python driver needed: setup/run
    works before the virtualenv has psycopg2). Returns psql's unaligned output."""
    bindir = pg_bindir()
    binary = (
        os.path.join(bindir, "psql") if bindir and os.path.isfile(os.path.join(bindir, "psql")) else "psql"
    )
    env = dict(os.environ, PGPASSWORD=str(db["db_password"]))
    proc = subprocess.run(
        [
            binary,
            "-X",
            "-q",
            "-tA",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            str(db["db_host"]),
            "-p",
            str(db["db_port"]),
            "-U",
            str(db["db_user"]),
            "-d",
            dbname,
            "-c",
            sql,
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode:
        raise SetupError(f"PostgreSQL refused '{sql}': {proc.stderr.strip()}")
    return proc.stdout.strip()


def _checked_name(name):
    if not DBNAME_RE.match(name or ""):
        raise SetupError(f"'{name}' is not a database name this setup uses (letters, digits, _ . -).")
    return name


def database_exists(db, name):
    return psql(db, f"SELECT 1 FROM pg_database WHERE datname = '{_checked_name(name)}'") == "1"


def drop_database(db, name):
    """Drop a database of the private cluster (Odoo's own drop is disabled by list_db = False)."""
    psql(db, f'DROP DATABASE IF EXISTS "{_checked_name(name)}" WITH (FORCE)')
    filestore = os.path.join(STATE, "filestore", "filestore", name)
    shutil.rmtree(filestore, ignore_errors=True)

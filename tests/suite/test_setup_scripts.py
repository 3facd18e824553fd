"""The run and test commands behave on a machine without Odoo (plain pytest, no Odoo import)."""

import glob
import importlib.util
import os
import pwd
import re
import socket
import subprocess
import sys
import tempfile
import venv
import zipfile
from importlib import metadata

import pytest
import yaml
from packaging.requirements import Requirement

from ..conftest import REPO


@pytest.fixture(scope="module")
def python_without_odoo(tmp_path_factory):
    """A fresh interpreter that cannot import odoo (no system site-packages)."""
    target = tmp_path_factory.mktemp("no_odoo_venv")
    try:
        venv.EnvBuilder(with_pip=False, system_site_packages=False).create(target)
    except Exception as exc:
        pytest.fail(f"cannot create a virtualenv to simulate a machine without Odoo: {exc}")
    python = os.path.join(target, "bin", "python")
    check = subprocess.run([python, "-c", "import odoo"], capture_output=True, check=False)
    assert check.returncode != 0, "the throwaway interpreter must not see Odoo"
    return python


@pytest.fixture(scope="module")
def pytest_without_odoo(python_without_odoo, tmp_path_factory):
    """(python, PYTHONPATH): the interpreter above, seeing pytest but still not Odoo."""
    site = tmp_path_factory.mktemp("pytest_only")
    for name in _distribution_closure("pytest"):
        for file in metadata.files(name) or ():
            top = file.parts[0]
            if top.endswith((".dist-info", ".egg-info")) or top == ".." or (site / top).exists():
                continue
            os.symlink(file.locate().parents[len(file.parts) - 1] / top, site / top)
    check = subprocess.run(
        [
            python_without_odoo,
            "-c",
            "import pytest\ntry:\n import odoo.release\nexcept ImportError: pass\n"
            "else: raise SystemExit('odoo importable')",
        ],
        capture_output=True,
        text=True,
        env=dict(_env(python_without_odoo), PYTHONPATH=str(site)),
        check=False,
    )
    assert check.returncode == 0, check.stderr
    return python_without_odoo, str(site)


def _distribution_closure(name):
    """``name`` and every distribution it requires (markers evaluated), by name."""
    seen, todo = set(), [name]
    while todo:
        dist = metadata.distribution(todo.pop())
        if dist.metadata["Name"].lower() in seen:
            continue
        seen.add(dist.metadata["Name"].lower())
        for req in (Requirement(r) for r in dist.requires or ()):
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return seen


def _env(python):
    env = {k: v for k, v in os.environ.items() if k not in ("ODOO_SRC", "PYTHONPATH")}
    env["PYTHON"] = python
    return env


def test_run_help():
    proc = subprocess.run(
        [os.path.join(REPO, "setup", "run"), "--help"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert "--reset" in proc.stdout


def test_run_without_odoo_says_how_to_provide_it(python_without_odoo):
    proc = subprocess.run(
        [os.path.join(REPO, "setup", "run"), "--no-serve"],
        capture_output=True,
        text=True,
        env=_env(python_without_odoo),
        check=False,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "Odoo 18.0 Community was not found" in proc.stderr
    assert "ODOO_SRC" in proc.stderr


def test_run_with_a_wrong_odoo_src(python_without_odoo, tmp_path):
    env = _env(python_without_odoo)
    env["ODOO_SRC"] = str(tmp_path)
    proc = subprocess.run(
        [os.path.join(REPO, "setup", "run"), "--no-serve"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "is not an Odoo source tree" in proc.stderr


def test_demo_generator_help_without_odoo(python_without_odoo):
    proc = subprocess.run(
        [python_without_odoo, os.path.join(REPO, "setup", "demo", "generate.py"), "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "--bench-customers" in proc.stdout


def test_docker_compose_uses_official_images():
    with open(os.path.join(REPO, "setup", "docker-compose.yml")) as fh:
        compose = yaml.safe_load(fh)
    images = {svc["image"] for svc in compose["services"].values()}
    assert "odoo:18.0" in images
    assert any(image.startswith("postgres:15") for image in images)
    ports = compose["services"]["odoo"]["ports"]
    assert all(port.startswith("127.0.0.1:") for port in ports), "bound to loopback only"


def test_ci_calls_the_readme_test_command():
    with open(os.path.join(REPO, ".ci", "run")) as fh:
        ci = fh.read()
    with open(os.path.join(REPO, "README.md")) as fh:
        readme = fh.read()
    assert "setup/test" in ci and "setup/test" in readme and "setup/run" in readme


def test_demo_check_fails_loudly_when_nothing_answers():
    """The HTTP demo check never passes by default: no server, every check fails, exit non-zero."""
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.run(
        [
            "python3",
            os.path.join(REPO, "setup", "omnicanal", "demo_check.py"),
            "--url",
            f"http://127.0.0.1:{port}",
            "--db",
            "nothing",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "demo check: 0 passed" in proc.stdout, proc.stdout
    assert "FAIL administrator logs in" in proc.stdout, proc.stdout


def _setup_test(pytest_without_odoo, *args):
    """setup/test run by an interpreter that sees pytest but not Odoo."""
    python, site = pytest_without_odoo
    return subprocess.run(
        [os.path.join(REPO, "setup", "test"), *args],
        capture_output=True,
        text=True,
        env=dict(_env(python), PYTHONPATH=site),
        check=False,
        timeout=300,
    )


def test_test_command_without_odoo_passes_and_says_what_it_did_not_run(pytest_without_odoo):
    """No Odoo: the Odoo-free tier runs, the closing line counts it, a loud block says what was not run."""
    proc = _setup_test(pytest_without_odoo, "--suite-paths", "tests/unit/test_loyalty_ledger.py")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert re.fullmatch(r"[1-9]\d* passed, 0 failed", lines[-1]), lines[-1]
    odoo_modules = len(glob.glob(os.path.join(REPO, "omni_*", "tests", "test_*.py")))
    assert f"ODOO TESTS NOT RUN: {odoo_modules} Odoo test modules" in proc.stdout
    assert "python3 cannot import odoo" in proc.stdout


def test_test_command_fails_when_a_test_fails(pytest_without_odoo, tmp_path):
    """A failing Odoo-free test makes the command exit non-zero and the closing line count it."""
    failing = tmp_path / "test_fails.py"
    failing.write_text("def test_fails():\n    assert 1 == 2\n")
    proc = _setup_test(pytest_without_odoo, "--no-odoo", "--suite-paths", str(failing))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "0 passed, 1 failed"


# ---------------------------------------------------------------------------
# Finding Odoo however it was provided, and the virtualenv built over it
# ---------------------------------------------------------------------------
def _omni_env():
    path = os.path.join(REPO, "setup", "omnicanal", "env.py")
    spec = importlib.util.spec_from_file_location("_omni_setup_env", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("_omni_setup_env", module)
    spec.loader.exec_module(module)
    return module


def _fake_odoo(root, major=18, init="", requirements=None):
    """A tree holding an ``odoo`` package of version ``major`` (odoo/release.py, odoo/addons)."""
    pkg = root / "odoo"
    (pkg / "addons").mkdir(parents=True)
    (pkg / "__init__.py").write_text(init)
    (pkg / "addons" / "__init__.py").write_text("")
    (pkg / "release.py").write_text(f"version_info = ({major}, 0, 0, 'final', 0, '')\n")
    if requirements is not None:
        (root / "requirements.txt").write_text(requirements)
    return root


def _wheel(folder, name, version):
    """A minimal pure-Python wheel of ``name`` ``version`` for a local, offline package index."""
    module = name.replace("-", "_")
    dist = f"{module}-{version}.dist-info"
    files = {
        f"{module}/__init__.py": f"VERSION = {version!r}\n",
        f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        f"{dist}/WHEEL": "Wheel-Version: 1.0\nGenerator: omnicanal-test\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n",
    }
    files[f"{dist}/RECORD"] = "".join(f"{path},,\n" for path in [*files, f"{dist}/RECORD"])
    with zipfile.ZipFile(folder / f"{module}-{version}-py3-none-any.whl", "w") as whl:
        for path, text in files.items():
            whl.writestr(path, text)


def test_odoo_in_a_virtualenv_is_found_and_layered(tmp_path):
    """Odoo installed in a virtualenv: .omni/venv sees that virtualenv's packages, not only its base's."""
    env_mod = _omni_env()
    outer = tmp_path / "odoo-venv"
    venv.EnvBuilder(with_pip=False).create(outer)
    python = str(outer / "bin" / "python")
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    _fake_odoo(tmp_path / "site-tmp")
    os.rename(tmp_path / "site-tmp" / "odoo", os.path.join(site, "odoo"))
    found = env_mod.odoo_python(python)
    assert found.importable and found.src == site and not found.pythonpath
    layered = tmp_path / "omni-venv"
    vpython, notes = env_mod.ensure_venv(found, [], venv=str(layered))
    assert notes == []
    where = subprocess.run(
        [vpython, "-c", "import odoo.release as r; print(r.__file__, r.version_info[0])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert where == [os.path.join(site, "odoo", "release.py"), "18"], where


def test_source_tree_without_requirements_gets_them_with_unpinned_retries(tmp_path, monkeypatch):
    """ODOO_SRC with a bare Python: the tree's requirements go into the venv; a pin that does not
    install is retried unpinned and reported; python-ldap is skipped with its reason."""
    env_mod = _omni_env()
    index = tmp_path / "index"
    index.mkdir()
    _wheel(index, "omnifake-a", "1.0")
    _wheel(index, "omnifake-b", "1.0")
    src = _fake_odoo(
        tmp_path / "odoo-src",
        init="import omnifake_a  # a requirement of the tree\n",
        requirements="omnifake-a==2.0 ; python_version >= '3'  # no such release\n"
        "python-ldap==3.4.0\nomnifake-b==1.0\n",
    )
    bare = tmp_path / "bare"
    venv.EnvBuilder(with_pip=False).create(bare)
    monkeypatch.setenv("ODOO_SRC", str(src))
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(index))
    found = env_mod.odoo_python(str(bare / "bin" / "python"))
    assert not found.importable and "omnifake_a" in found.error
    assert found.src == str(src) and found.pythonpath == str(src)
    vpython, notes = env_mod.ensure_venv(found, [], venv=str(tmp_path / "omni-venv"))
    assert any(n.startswith("python-ldap skipped") for n in notes), notes
    assert any(n.startswith("omnifake-a: the pin 'omnifake-a==2.0'") for n in notes), notes
    assert not any(n.startswith("omnifake-b") for n in notes), notes
    check = subprocess.run(
        [vpython, "-c", "import odoo, omnifake_a, omnifake_b; print(odoo.__file__, omnifake_a.VERSION)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert check.stdout.split() == [str(src / "odoo" / "__init__.py"), "1.0"]


def _run_setup(python, *args, **env):
    proc = subprocess.run(
        [os.path.join(REPO, "setup", "run"), "--no-serve", *args],
        capture_output=True,
        text=True,
        env=dict(_env(python), **env),
        check=False,
        timeout=120,
    )
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    return proc


def test_run_with_another_odoo_version(python_without_odoo, tmp_path):
    proc = _run_setup(python_without_odoo, ODOO_SRC=str(_fake_odoo(tmp_path, major=17)))
    assert proc.returncode == 2
    assert "Found Odoo 17" in proc.stderr and "needs Odoo 18.0" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_run_without_postgresql_binaries(python_without_odoo, tmp_path):
    proc = _run_setup(python_without_odoo, ODOO_SRC=str(_fake_odoo(tmp_path)), PG_BINDIR=str(tmp_path))
    assert proc.returncode == 4
    assert "PostgreSQL server binaries" in proc.stderr and "apt-get install postgresql" in proc.stderr


def test_run_on_a_busy_port(python_without_odoo, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        proc = subprocess.run(
            [os.path.join(REPO, "setup", "run"), "--port", str(port)],
            capture_output=True,
            text=True,
            env=dict(_env(python_without_odoo), ODOO_SRC=str(_fake_odoo(tmp_path))),
            check=False,
            timeout=120,
        )
    assert proc.returncode == 3, proc.stderr
    assert f"Port {port} on 127.0.0.1 is already in use" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cluster_outside_a_clone_the_postgres_user_cannot_enter(tmp_path):
    """As root, a clone in a folder the postgres user cannot enter keeps its cluster in /var/lib/omnicanal."""
    env_mod = _omni_env()
    if os.geteuid() != 0:
        assert env_mod.cluster_base("pg", state=str(tmp_path / ".omni"), repo=str(tmp_path)) == str(
            tmp_path / ".omni" / "pg"
        )
        return
    pwd.getpwnam("postgres")  # the server runs as this user when setup is run as root
    closed = tempfile.mkdtemp()  # mode 0700: root's only
    opened = tempfile.mkdtemp(dir="/tmp")
    os.chmod(opened, 0o755)
    outside = env_mod.cluster_base("pg", state=os.path.join(closed, ".omni"), repo=closed)
    assert outside.startswith(env_mod.OUTSIDE_STATE + os.sep) and outside.endswith(os.sep + "pg")
    assert env_mod.cluster_base("pg", state=os.path.join(opened, ".omni"), repo=opened) == os.path.join(
        opened, ".omni", "pg"
    )
    os.rmdir(closed)
    os.rmdir(opened)


def _omnitest():
    path = os.path.join(REPO, "setup", "omnitest.py")
    sys.path.insert(0, os.path.join(REPO, "setup"))
    try:
        spec = importlib.util.spec_from_file_location("_omni_omnitest", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.pop(0)
    return module


def test_odoo_skips_are_reported_as_skips_never_as_passes():
    omnitest = _omnitest()
    head = "2026-12-02 13:19:17,872 1 INFO db odoo.addons"
    log = "\n".join(
        [
            f"{head}.omni_customer.tests.test_a: Starting TestA.test_one ...",
            f"{head}.omni_customer.tests.test_a: Starting TestA.test_two ...",
            f"{head}.omni_customer.tests.test_a: skipped TestA.test_two : nothing to check here",
            f"{head}.pos_loyalty.tests.test_b: Starting TestB.test_tour ...",
            f"{head}.pos_loyalty.tests.test_b: skipped TestB.test_tour : no Chrome",
            "2026-12-02 13:19:18,000 1 INFO db odoo.tests.result: 0 failed, 0 error(s) of 3 tests "
            "when loading database 'db'",
        ]
    )
    split = omnitest.split_results(log)
    assert split["suite"] == (2, [])
    assert split["skipped"]["suite"] == ["omni_customer: TestA.test_two (nothing to check here)"]
    assert split["skipped"]["core"] == ["pos_loyalty: TestB.test_tour (no Chrome)"]
    tally = omnitest.Tally()
    omnitest.report_core(split["core"], "core", tally, split["skipped"]["core"])
    assert (tally.passed, tally.failed, tally.skipped) == (0, 0, 1)


def _pythons_with_odoo():
    """Interpreters here that import Odoo: the one running the tests, and setup/run's venv."""
    found = []
    for python in (sys.executable, os.path.join(REPO, ".omni", "venv", "bin", "python")):
        if (
            os.path.exists(python)
            and not subprocess.run(
                [python, "-c", "import odoo.release"], capture_output=True, check=False
            ).returncode
        ):
            found.append(python)
    return found


def test_odoo_gevent_process_starts():
    """``odoo-bin gevent`` (the websocket bus behind ``--workers``) must get past gevent's patching.

    gevent 22.10.2 loads its plugins through pkg_resources; with setuptools < 70 that fails on
    zope.interface >= 8 / zope.event >= 5.1 and the process dies at start, respawned every second.
    """
    pythons = _pythons_with_odoo()
    if not pythons:
        pytest.skip("no interpreter here imports Odoo")
    script = "import sys\nsys.argv[:] = ['odoo-bin', 'gevent']\nimport odoo\nassert odoo.evented\n"
    for python in pythons:
        out = subprocess.run([python, "-c", script], capture_output=True, text=True, check=False)
        assert out.returncode == 0, f"{python}: {out.stderr[-600:]}"

"""The run and test commands behave on a machine without Odoo (plain pytest, no Odoo import)."""

import glob
import os
import re
import socket
import subprocess
import venv
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

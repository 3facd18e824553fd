"""The run and test commands behave on a machine without Odoo (plain pytest, no Odoo import)."""

import os
import socket
import subprocess
import venv

import pytest
import yaml

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

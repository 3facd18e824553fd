#!/usr/bin/env python3
"""Omnicanal under load and faults: one command, suite vs plain Odoo 18, invariants, faults, replica.

    python3 setup/bench/load/run_load.py [--minutes 1] [--users 20] [--pg-port 5480]
        [--http-port 8181] [--skip-plain] [--skip-faults] [--skip-replica]

Builds (or reuses) the small demo database of setup/run (``omni_load``) on a
private cluster, clones it as ``omni_load_plain`` with the seven Omnicanal
addons uninstalled (the same data on plain Odoo 18), serves each with
``--workers 4 --max-cron-threads 1`` on 127.0.0.1 and runs Locust headless
against it (locustfile.py: tills, shoppers, back office, readers). Then, on the
suite: the same load with faults (a worker SIGKILLed, PostgreSQL restarted,
a till resending its offline queue twice), the suite's crons killed mid-run
and run again, and the same load with a hot-standby replica. Invariants by
SQL after each. Prints the tables, writes results.csv and results.png into
setup/.bench/load/<timestamp>/. Stops everything it started, also on Ctrl-C.
"""

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))

import loadlib  # noqa: E402
from omnicanal import env as omni_env  # noqa: E402

REPO = omni_env.REPO
VENV = os.path.join(omni_env.STATE, "load-venv")
SUITE_DB, PLAIN_DB = "omni_load", "omni_load_plain"
CRONS = [
    "omni_helpdesk_sla.ir_cron_omni_sla",
    "omni_customer.ir_cron_omni_rfm",
    "omni_inventory_aisle.ir_cron_omni_expire_holds",
    "omni_customer.ir_cron_omni_duplicate_scan",
    "omni_recommend.ir_cron_omni_recommend_train",
    "omni_loyalty.ir_cron_omni_tier_downgrade",
]
STARTED = []  # Popen objects to stop on exit
CLUSTERS = []  # data dirs of clusters this run started


def say(text=""):
    print(text, flush=True)


def cleanup(*_args):
    for proc in reversed(STARTED):
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
    STARTED.clear()
    bindir = omni_env.pg_bindir()
    for data in reversed(CLUSTERS):
        subprocess.run(
            omni_env._as_pg_user([os.path.join(bindir, "pg_ctl"), "-D", data, "-m", "fast", "stop"]),
            capture_output=True,
            check=False,
        )
    CLUSTERS.clear()


def on_signal(signum, _frame):
    cleanup()
    sys.exit(128 + signum)


class Stack:
    """The private primary cluster, the Odoo config and the Python that runs Odoo."""

    def __init__(self, args):
        self.args = args
        self.db = omni_env.ensure_cluster("pg", port=args.pg_port)
        self.data = os.path.join(omni_env.cluster_base("pg"), "data")
        CLUSTERS.append(self.data)
        self.python = os.path.join(omni_env.STATE, "venv", "bin", "python")
        if not os.path.exists(self.python):
            self.python = sys.executable
        self.env = dict(os.environ)
        self.odoo_bin = (
            subprocess.run(
                [self.python, "-c", "import odoo, os; print(os.path.dirname(odoo.__path__[0]))"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            + "/odoo-bin"
        )
        paths = omni_env.odoo_addons_paths(self.python, "")
        self.conf = omni_env.write_config(
            os.path.join(omni_env.STATE, "load.conf"), self.db, paths, http_port=args.http_port
        )

    def odoo(self, db, *extra, sub=()):
        # odoo-bin, not ``-m odoo``: the prefork server respawns its gevent process from sys.argv
        return [self.python, self.odoo_bin, *sub, "-c", self.conf, "-d", db, "--db-filter", f"^{db}$", *extra]

    def psql(self, sql, dbname="postgres", port=None):
        db = dict(self.db, db_port=port or self.db["db_port"])
        return omni_env.psql(db, sql, dbname=dbname)

    def shell(self, db, script, extra_env=None):
        out = subprocess.run(
            self.odoo(db, "--log-level=warn", "--no-http", sub=("shell",)),
            input=script,
            capture_output=True,
            text=True,
            env=dict(self.env, **(extra_env or {})),
            check=False,
        )
        if out.returncode:
            raise RuntimeError(f"odoo shell on {db} failed: {out.stderr[-2000:]}")
        return out.stdout


def build(stack, args):
    if not omni_env.database_exists(stack.db, SUITE_DB):
        say(f"Building the small demo database {SUITE_DB} with setup/run (minutes)...")
        subprocess.run(
            [os.path.join(REPO, "setup", "run"), "--no-serve", "--size", "small", "--db", SUITE_DB],
            env=dict(os.environ, OMNI_PG_PORT=str(args.pg_port)),
            check=True,
        )
    else:
        say(f"Reusing {SUITE_DB} (drop it to rebuild).")
    # The checkout's test-mode provider (payment_demo, Odoo's own) on the suite database, and the
    # addons upgraded to the checkout's code (a database built earlier lacks its new indexes and fields).
    subprocess.run(
        stack.odoo(
            SUITE_DB,
            "-i",
            "payment_demo",
            "-u",
            ",".join(omni_env.ADDONS),
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
        ),
        env=stack.env,
        check=True,
        capture_output=True,
    )
    if not omni_env.database_exists(stack.db, PLAIN_DB) and not args.skip_plain:
        say(f"Cloning {SUITE_DB} as {PLAIN_DB} and uninstalling the seven Omnicanal addons...")
        stack.psql(f'CREATE DATABASE "{PLAIN_DB}" TEMPLATE "{SUITE_DB}"')
        src = os.path.join(omni_env.STATE, "filestore", "filestore", SUITE_DB)
        if os.path.isdir(src):
            shutil.copytree(
                src, os.path.join(omni_env.STATE, "filestore", "filestore", PLAIN_DB), dirs_exist_ok=True
            )
        stack.shell(
            PLAIN_DB,
            "env['ir.module.module'].search([('name', 'in', %r), ('state', '=', 'installed')])"
            ".button_immediate_uninstall()\nenv.cr.commit()\n" % (omni_env.ADDONS,),
        )


def clone(stack, source, target):
    stack.psql(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
    stack.psql(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    src = os.path.join(omni_env.STATE, "filestore", "filestore", source)
    if os.path.isdir(src):
        shutil.copytree(
            src, os.path.join(omni_env.STATE, "filestore", "filestore", target), dirs_exist_ok=True
        )


def serve(stack, db, extra=()):
    port = stack.args.http_port
    log = open(os.path.join(stack.args.out, f"odoo-{db}.log"), "a", encoding="utf-8")
    proc = subprocess.Popen(
        stack.odoo(
            db,
            "--workers=4",
            "--max-cron-threads=1",
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            f"--gevent-port={port + 8}",
            "--log-level=warn",
            "--limit-time-real=120",
            *extra,
        ),
        env=stack.env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    STARTED.append(proc)
    import urllib.request

    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/web/login?db={db}", timeout=5)
            return proc
        except Exception:
            if proc.poll() is not None:
                raise RuntimeError(f"Odoo on {db} exited: see {log.name}") from None
            time.sleep(1)
    raise RuntimeError(f"Odoo on {db} did not answer in 2 minutes")


def stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    if proc in STARTED:
        STARTED.remove(proc)


def prepare(stack, db, suite):
    out = stack.shell(
        db,
        open(os.path.join(HERE, "prepare.py"), encoding="utf-8").read(),
        {
            "LOAD_SUITE": "1" if suite else "0",
            "LOAD_SHOPPERS": str(stack.args.users),
            "LOAD_GIFT_PREFIX": loadlib.GIFT_CARD_PREFIX,
            "LOAD_GIFT_CARDS": str(loadlib.GIFT_CARD_COUNT),
            "LOAD_GIFT_BALANCE": str(loadlib.GIFT_CARD_BALANCE),
        },
    )
    line = next(x for x in out.splitlines() if x.startswith("LOAD_CONTEXT "))
    path = os.path.join(stack.args.out, f"context-{db}.json")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(line[len("LOAD_CONTEXT ") :])
    return path


def _read_uuids(path):
    if not path or not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return [x.strip() for x in handle if x.strip()]


def _query(stack, db, sql, cast):
    try:
        return cast(stack.psql(sql, dbname=db))
    except omni_env.SetupError as exc:
        text = str(exc)
        return "n/a (no such table or column here)" if "does not exist" in text else text[-200:]


def invariants(stack, db, uuid_file, title, since, binding=True, gift_uuid_file=None):
    uuids = _read_uuids(uuid_file)
    gift_uuids = _read_uuids(gift_uuid_file)
    results = []
    for name, template in loadlib.INVARIANTS:
        sql = (
            template.replace("{uuids}", loadlib.uuids_values(uuids))
            .replace("{gift_uuids}", loadlib.uuids_values(gift_uuids))
            .replace("{since}", loadlib.since_literal(since))
        )
        results.append((name, _query(stack, db, sql, int)))
    text, bad = loadlib.format_invariants(
        f"{title} ({len(uuids)} POS orders sent, {len(gift_uuids)} of them with a gift card)",
        results,
        binding,
    )
    say(text)
    return results, bad


def gift_stats(stack, db, title):
    """What happened to the load gift cards (figures, not pass/fail): shown per phase."""
    results = [(name, _query(stack, db, sql, loadlib.number)) for name, sql in loadlib.GIFT_STATS]
    say(f"Gift cards after {title}:")
    for name, value in results:
        say(f"  {name}: {value}")
    return results


def locust(stack, context, label, seconds, uuid_file, resend_flag=None, gift_uuid_file=None):
    prefix = os.path.join(stack.args.out, label)
    env = dict(os.environ, LOAD_CONTEXT=context, LOAD_UUID_FILE=uuid_file)
    if gift_uuid_file:
        env["LOAD_GIFT_UUID_FILE"] = gift_uuid_file
    if resend_flag:
        env["LOAD_RESEND_FLAG"] = resend_flag
    proc = subprocess.Popen(
        [
            os.path.join(VENV, "bin", "locust"),
            "-f",
            os.path.join(HERE, "locustfile.py"),
            "--headless",
            "-u",
            str(stack.args.users),
            "-r",
            str(max(1, stack.args.users // 5)),
            "-t",
            f"{seconds}s",
            "--host",
            f"http://127.0.0.1:{stack.args.http_port}",
            "--csv",
            prefix,
            "--only-summary",
            "--stop-timeout",
            "10",
            *(stack.args.classes.split(",") if stack.args.classes else ()),
        ],
        env=env,
        stdout=open(prefix + ".locust.log", "w", encoding="utf-8"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    STARTED.append(proc)
    return proc, prefix


def wait_locust(proc, prefix):
    proc.wait()
    STARTED.remove(proc)
    return loadlib.read_locust_stats(prefix + "_stats.csv")


def run_phase(stack, db, label, suite, seconds, extra=(), faults=None):
    say(f"\n== {label}: {db}, {stack.args.users} users, {seconds} s, load average {os.getloadavg()[0]:.2f}")
    since = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    server = serve(stack, db, extra)
    context = prepare(stack, db, suite)
    uuid_file = os.path.join(stack.args.out, f"{label}.uuids")
    gift_uuid_file = os.path.join(stack.args.out, f"{label}.gift-uuids")
    resend = os.path.join(stack.args.out, f"{label}.resend") if faults else None
    cpu_before = cpu_seconds(server.pid), cpu_seconds(postmaster_pid(stack.data))
    proc, prefix = locust(stack, context, label, seconds, uuid_file, resend, gift_uuid_file)
    if faults:
        faults(server, resend, seconds)
    rows = wait_locust(proc, prefix)
    cpu_after = cpu_seconds(server.pid), cpu_seconds(postmaster_pid(stack.data))
    stop(server)
    load = os.getloadavg()
    # The guarantees are the suite's: on plain Odoo they are measured for comparison, not a failure.
    res, bad = invariants(stack, db, uuid_file, label, since, binding=suite, gift_uuid_file=gift_uuid_file)
    stats = gift_stats(stack, db, label)
    return {
        "label": label,
        "rows": rows,
        "seconds": seconds,
        "load": load,
        "invariants": res,
        "bad": bad,
        "binding": suite,
        "gift_stats": stats,
        # None when a process was replaced meanwhile (PostgreSQL restarted by the faults)
        "cpu": {
            side: round(after[1] - before[1], 1)
            if before[0] == after[0] and None not in (before[1], after[1])
            else None
            for side, before, after in zip(("odoo", "postgresql"), cpu_before, cpu_after, strict=True)
        },
    }


def cpu_seconds(pid):
    """(pid, CPU seconds) of a process tree, its exited children included (reaped: counted by the kernel).

    Odoo's workers and PostgreSQL's backends are children of their master; what they used is
    kept across a worker's recycling, so the difference of two readings is what the tree used.
    """
    import psutil

    try:
        root = psutil.Process(pid)
        total = sum(root.cpu_times()[:4])  # user, system, children_user, children_system
        for child in root.children(recursive=True):
            try:
                total += sum(child.cpu_times()[:2])
            except psutil.Error:
                continue  # exited since the list was read: its time is in its parent's
        return pid, total
    except psutil.Error:
        return pid, None


def postmaster_pid(data):
    with open(os.path.join(data, "postmaster.pid"), encoding="utf-8") as handle:
        return int(handle.readline())


def worker_pids(server, port):
    """HTTP workers first that hold an open client connection (mid-request), then the others."""
    import psutil

    busy, idle = [], []
    for child in psutil.Process(server.pid).children():
        try:
            if "gevent" in child.cmdline()[1:3]:  # the longpolling process: odoo-bin gevent ...
                continue
        except psutil.Error:
            continue  # a worker Odoo recycled (limit_request, memory) since the list was read
        try:
            conns = (
                child.net_connections(kind="tcp")
                if hasattr(child, "net_connections")
                else child.connections()
            )
        except psutil.Error:
            conns = []
        serving = any(c.laddr and c.laddr.port == port and c.status == "ESTABLISHED" for c in conns)
        (busy if serving else idle).append(child.pid)
    return busy + idle, len(busy)


def fault_schedule(stack):
    def faults(server, resend, seconds):
        events = []
        time.sleep(seconds * 0.25)
        pids, busy = worker_pids(server, stack.args.http_port)
        if pids:
            os.kill(pids[0], signal.SIGKILL)
            events.append(f"SIGKILL worker {pids[0]} ({'mid-request' if busy else 'idle at that instant'})")
        time.sleep(seconds * 0.2)
        started = time.time()
        # stop, a few seconds down, start again with the cluster's own options (and its log: a
        # postmaster left writing into a pipe of ours would block this driver)
        subprocess.run(
            omni_env._as_pg_user(
                [os.path.join(omni_env.pg_bindir(), "pg_ctl"), "-D", stack.data, "-m", "fast", "stop"]
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        time.sleep(3)
        omni_env.ensure_cluster("pg", port=stack.args.pg_port)
        events.append(f"PostgreSQL restarted ({time.time() - started:.1f} s down)")
        time.sleep(seconds * 0.15)
        open(resend, "w").close()
        events.append("tills resend their whole offline queue twice")
        say("   faults: " + "; ".join(events))

    return faults


def _cron_shell(stack, db, script, kill_after_ms):
    """Run ``script`` in an odoo shell watched by watch_cron.py; its JSON verdict and the shell's exit."""
    proc = subprocess.Popen(
        stack.odoo(db, "--log-level=warn", "--no-http", sub=("shell",)),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=stack.env,
        start_new_session=True,
    )
    STARTED.append(proc)
    watch = subprocess.Popen(
        [
            stack.python,
            os.path.join(HERE, "watch_cron.py"),
            str(proc.pid),
            db,
            str(stack.db["db_host"]),
            str(stack.db["db_port"]),
            str(stack.db["db_user"]),
            str(stack.db["db_password"]),
            str(kill_after_ms),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    _out, err = proc.communicate(script, timeout=300)
    STARTED.remove(proc)
    verdict = json.loads(watch.communicate(timeout=30)[0] or "{}")
    return verdict, proc.returncode, err


def crons_killed_and_rerun(stack, db, kill_after_ms=20):
    """Each of the suite's crons: SIGKILLed inside its job's transaction, then run again to the end.

    watch_cron.py sees the job's transaction open with writes (the job row locked, its progress
    row written) and kills the shell ``kill_after_ms`` later; the rerun's line gives how long the
    job itself lasted, so "killed N ms into a job of M ms" says where the kill landed.
    """
    say("\n== crons killed inside their job, then run again")
    since = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    lines = []
    for xmlid in CRONS:
        script = (
            f"cron = env.ref({xmlid!r}, raise_if_not_found=False)\n"
            "if cron:\n    cron.method_direct_trigger()\n    env.cr.commit()\n"
        )
        first, _code, _err = _cron_shell(stack, db, script, kill_after_ms)
        second, code, err = _cron_shell(stack, db, script, -1)
        if first.get("killed"):
            verdict = f"killed {first['into_ms']} ms into its job"
        elif first.get("seen"):
            verdict = f"its job ended before the kill ({first['job_ms']} ms)"
        else:
            verdict = "no job transaction seen (the cron is missing or wrote nothing)"
        rerun = (
            f"rerun ok, its job {second.get('job_ms')} ms"
            if not code and "Traceback" not in err
            else f"rerun FAILED: {err[-300:]}"
        )
        lines.append(f"   {xmlid}: {verdict}; {rerun}")
    say("\n".join(lines))
    res, bad = invariants(stack, db, None, "crons killed and rerun", since)
    return lines, res, bad


def replica_up(stack):
    base = omni_env.cluster_base("load-replica")
    data = os.path.join(base, "data")
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base, exist_ok=True)
    if os.geteuid() == 0:
        import pwd

        pw = pwd.getpwnam("postgres")
        os.chown(base, pw.pw_uid, pw.pw_gid)
    bindir = omni_env.pg_bindir()
    port = stack.args.pg_port + 1
    subprocess.run(
        omni_env._as_pg_user(
            [
                os.path.join(bindir, "pg_basebackup"),
                "-h",
                "127.0.0.1",
                "-p",
                str(stack.args.pg_port),
                "-U",
                "odoo",
                "-D",
                data,
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",  # an immediate checkpoint: the default spread one waits minutes
            ]
        ),
        check=True,
        capture_output=True,
    )
    CLUSTERS.append(data)
    subprocess.run(
        omni_env._as_pg_user(
            [
                os.path.join(bindir, "pg_ctl"),
                "-D",
                data,
                "-w",
                "-l",
                os.path.join(base, "server.log"),
                "-o",
                f"-c listen_addresses=127.0.0.1 -p {port} -k {base} -c hot_standby=on "
                # a hot standby refuses to start below the primary's max_connections and locks
                "-c max_connections=200 -c max_locks_per_transaction=256",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    return port


def standby_xacts(stack, port, db):
    return int(
        stack.psql(
            f"SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '{db}'", port=port
        )
    )


def write_outputs(out, phases, comparison):
    path = os.path.join(out, "results.csv")
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "phase",
                "route",
                "requests",
                "failures",
                "p50_ms",
                "p95_ms",
                "p99_ms",
                "rps",
                "load1",
                "phase_cpu_odoo_s",
                "phase_cpu_postgresql_s",
            ]
        )
        for phase in phases:
            for row in phase["rows"]:
                writer.writerow(
                    [
                        phase["label"],
                        row["name"],
                        row["requests"],
                        row["failures"],
                        row["p50"],
                        row["p95"],
                        row["p99"],
                        row["rps"],
                        f"{phase['load'][0]:.2f}",
                        phase["cpu"]["odoo"],
                        phase["cpu"]["postgresql"],
                    ]
                )
    plot = os.path.join(out, "results.png")
    script = (
        "import json, sys\nimport matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
        "rows = json.load(open(sys.argv[1]))\nrows = [r for r in rows if r['suite_p95']]  # no counters\n"
        "names = [r['route'] for r in rows]\nfig, ax = plt.subplots(figsize=(11, 0.45 * len(rows) + 1.5))\n"
        "y = range(len(rows))\n"
        "ax.barh([i + 0.2 for i in y], [r['suite_p95'] for r in rows], 0.4, label='Omnicanal p95')\n"
        "ax.barh([i - 0.2 for i in y], [r['plain_p95'] or 0 for r in rows], 0.4, label='plain Odoo 18 p95')\n"
        "ax.set_yticks(list(y))\nax.set_yticklabels(names)\nax.set_xlabel('ms')\nax.legend()\n"
        "fig.tight_layout()\nfig.savefig(sys.argv[2])\n"
    )
    data = os.path.join(out, "comparison.json")
    with open(data, "w", encoding="utf-8") as handle:
        json.dump(comparison, handle)
    subprocess.run([os.path.join(VENV, "bin", "python"), "-c", script, data, plot], check=False)
    return path, plot


def is_round(label, side):
    """``suite``, ``suite-2``... are rounds of the suite; ``suite-faults``, ``suite-replica`` are not."""
    base, _dash, rest = label.partition("-")
    return base == side and (not rest or rest.isdigit())


def orders_done(rows):
    return sum(
        r["requests"] - r["failures"]
        for r in rows
        if r["name"] in ("pos sync_from_ui", "payment status poll", "sale.order action_confirm")
    )


def orders_per_second(rows, seconds):
    return round(orders_done(rows) / seconds, 2) if seconds else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0, help="minutes per load phase (default 1)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--pg-port", type=int, default=5480)
    parser.add_argument("--http-port", type=int, default=8181)
    parser.add_argument(
        "--rounds", type=int, default=2, help="suite and plain phases each, alternated A B B A (default 2)"
    )
    parser.add_argument(
        "--classes",
        default="",
        help="only these user classes of locustfile.py, comma-separated (e.g. Till,Shopper,BackOffice: "
        "the routes both databases have, for the overhead; default: the whole mix)",
    )
    parser.add_argument("--skip-plain", action="store_true")
    parser.add_argument("--skip-faults", action="store_true")
    parser.add_argument("--skip-replica", action="store_true")
    parser.add_argument(
        "--skip-suite", action="store_true", help="no plain suite phase (with --skip-plain: faults only)"
    )
    args = parser.parse_args()
    args.out = os.path.join(REPO, "setup", ".bench", "load", time.strftime("%Y%m%d-%H%M%S"))
    os.makedirs(args.out, exist_ok=True)
    if not os.path.exists(os.path.join(VENV, "bin", "locust")):
        say(f"Installing Locust and matplotlib into {VENV} (its own virtualenv, not Odoo's)...")
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run(
            [os.path.join(VENV, "bin", "pip"), "install", "-q", "-r", os.path.join(HERE, "requirements.txt")],
            check=True,
        )
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    started = time.time()
    seconds = int(args.minutes * 60)
    try:
        stack = Stack(args)
        build(stack, args)
        phases = []
        # Rounds in A B B A order (suite, plain, plain, suite, ...): a drift of the shared
        # machine's speed during the run weighs on both sides alike.
        for number in range(args.rounds):
            tag = f"-{number + 1}" if number else ""
            order = [("suite", True), ("plain", False)]
            for side, suite in order if number % 2 == 0 else order[::-1]:
                if args.skip_suite if suite else args.skip_plain:
                    continue
                db = "omni_load_run" if suite else "omni_load_plain_run"
                clone(stack, SUITE_DB if suite else PLAIN_DB, db)
                phases.append(run_phase(stack, db, side + tag, suite, seconds))
        if not args.skip_faults:
            clone(stack, SUITE_DB, "omni_load_faults")
            phases.append(
                run_phase(
                    stack, "omni_load_faults", "suite-faults", True, seconds, faults=fault_schedule(stack)
                )
            )
            crons = crons_killed_and_rerun(stack, "omni_load_faults")
        if not args.skip_replica:
            clone(stack, SUITE_DB, "omni_load_replica")
            port = replica_up(stack)
            time.sleep(3)
            before = standby_xacts(stack, port, "omni_load_replica")
            phase = run_phase(
                stack,
                "omni_load_replica",
                "suite-replica",
                True,
                seconds,
                extra=("--db_replica_host=127.0.0.1", f"--db_replica_port={port}"),
            )
            phase["standby_xacts"] = standby_xacts(stack, port, "omni_load_replica") - before
            phases.append(phase)
        suite_rounds = [p for p in phases if is_round(p["label"], "suite")]
        plain_rounds = [p for p in phases if is_round(p["label"], "plain")]
        suite_rows = loadlib.merge_rounds([p["rows"] for p in suite_rounds or phases[:1]])
        plain_rows = loadlib.merge_rounds([p["rows"] for p in plain_rounds])
        comparison = loadlib.compare(suite_rows, plain_rows)
        say(
            f"\n== suite vs plain Odoo 18 over {len(suite_rounds)} + {len(plain_rounds)} rounds "
            "(ms, median of the rounds' percentiles; overhead of the suite's p50/p95 over plain's)"
        )
        say(
            loadlib.format_table(
                comparison,
                [
                    "route",
                    "suite_req",
                    "suite_fail",
                    "suite_p50",
                    "suite_p95",
                    "suite_p99",
                    "plain_req",
                    "plain_fail",
                    "plain_p50",
                    "plain_p95",
                    "plain_p99",
                    "overhead_p50_pct",
                    "overhead_p95_pct",
                ],
            )
        )

        def mean_ops(rounds):
            values = [orders_per_second(p["rows"], p["seconds"]) for p in rounds]
            return round(sum(values) / len(values), 2) if values else None

        def cpu_per_order(rounds):  # over all the rounds: their CPU over their orders
            cpu = [p["cpu"] for p in rounds]
            if not cpu or any(None in c.values() for c in cpu):
                return None
            total = {k: sum(c[k] for c in cpu) for k in cpu[0]}
            return loadlib.cpu_per_order_ms(total, sum(orders_done(p["rows"]) for p in rounds))

        say("\n== issue 16's targets on this run (suite; plain Odoo 18 beside it where it applies)")
        say(
            loadlib.format_table(
                loadlib.targets(
                    comparison,
                    mean_ops(suite_rounds),
                    mean_ops(plain_rounds),
                    cpu_per_order(suite_rounds),
                    cpu_per_order(plain_rounds),
                ),
                ["target", "suite", "plain", "held", "detail"],
            )
        )
        for phase in phases:
            say(
                f"\n{phase['label']}: {orders_per_second(phase['rows'], phase['seconds'])} orders/s, "
                f"load average {phase['load'][0]:.2f}/{phase['load'][1]:.2f}/{phase['load'][2]:.2f}, "
                f"CPU Odoo {phase['cpu']['odoo']} s + PostgreSQL {phase['cpu']['postgresql']} s "
                f"({loadlib.cpu_per_order_ms(phase['cpu'], orders_done(phase['rows']))} ms per order), "
                + (
                    f"invariants broken: {phase['bad']}"
                    if phase["binding"]
                    else f"invariants not held (plain Odoo, not a failure): {phase['bad']}"
                )
                + (
                    f", transactions on the standby: {phase['standby_xacts']}"
                    if "standby_xacts" in phase
                    else ""
                )
            )
            errors = [r for r in phase["rows"] if r["failures"]]
            for row in errors:
                say(f"   errors on {row['name']}: {row['failures']} of {row['requests']}")
            counters = [r for r in phase["rows"] if r["method"] in ("retry", "giftcard")]
            for row in counters:
                say(f"   {row['name']}: {row['requests']}")
        if phases:
            labels = [p["label"] for p in phases]
            say("\n== invariants per phase (violations; plain Odoo's are shown for comparison, not failures)")
            say(
                loadlib.format_table(
                    loadlib.invariants_matrix([(p["label"], p["invariants"]) for p in phases]),
                    ["invariant", *labels],
                )
            )
            say("\n== gift cards per phase")
            say(
                loadlib.format_table(
                    loadlib.invariants_matrix([(p["label"], p["gift_stats"]) for p in phases]),
                    ["invariant", *labels],
                )
            )
        if not args.skip_faults:
            say(f"\ncrons killed and rerun: invariants broken {crons[2]}")
        failures = os.path.join(args.out, "suite_failures.csv")
        if os.path.exists(failures):
            say(f"errors by type: {failures} (and <phase>_failures.csv)")
        csv_path, plot = write_outputs(args.out, phases, comparison)
        with open(os.path.join(args.out, "invariants.csv"), "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["phase", "kind", "name", "value"])
            for phase in phases:
                for kind in ("invariants", "gift_stats"):
                    writer.writerows([phase["label"], kind, name, value] for name, value in phase[kind])
        say(f"\nCSV {csv_path}\nplot {plot}\ntotal {time.time() - started:.0f} s")
        # Only the suite's phases are bound by the invariants (plain Odoo's are a comparison).
        return 1 if any(p["bad"] for p in phases if p["binding"]) else 0
    finally:
        cleanup()


if __name__ == "__main__":
    sys.exit(main())

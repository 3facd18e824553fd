"""Watch an ``odoo shell`` running one cron job and kill it inside the job's transaction.

Run by run_load.py with the Python that runs Odoo (it has psycopg2)::

    python watch_cron.py PID DB HOST PORT USER PASSWORD KILL_AFTER_MS

Odoo names its PostgreSQL sessions ``odoo-<pid>``. The job's transaction is open with writes
done once that session has a transaction id (``ir.cron`` locks the job row ``FOR UPDATE`` and
writes its progress row first, then the job writes its own rows). KILL_AFTER_MS after that,
if the shell is still running, its process group gets SIGKILL. KILL_AFTER_MS < 0: no kill,
just the job's duration (until that transaction ends). Prints one JSON line:
{"seen", "killed", "into_ms", "job_ms"}.
"""

import json
import os
import signal
import sys
import time

import psycopg2


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (exited, not yet reaped by run_load) is not running
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def main(pid, db, host, port, user, password, kill_after_ms):
    conn = psycopg2.connect(dbname=db, host=host, port=port, user=user, password=password)
    conn.autocommit = True
    cur = conn.cursor()
    started = None
    result = {"seen": False, "killed": False, "into_ms": None, "job_ms": None}
    deadline = time.monotonic() + 120
    while alive(pid) and time.monotonic() < deadline:
        cur.execute(
            "SELECT 1 FROM pg_stat_activity WHERE application_name = %s AND datname = %s"
            " AND backend_xid IS NOT NULL",
            (f"odoo-{pid}", db),
        )
        writing = bool(cur.fetchone())
        if writing and started is None:
            started = time.monotonic()
            result["seen"] = True
        elif started is not None and not writing:  # committed (or rolled back): the job is over
            result["job_ms"] = round((time.monotonic() - started) * 1000)
            break
        if started is not None and 0 <= kill_after_ms <= (time.monotonic() - started) * 1000:
            os.killpg(pid, signal.SIGKILL)
            result.update(killed=True, into_ms=round((time.monotonic() - started) * 1000))
            break
        time.sleep(0.003)
    if started is not None and not result["killed"] and result["job_ms"] is None:
        result["job_ms"] = round((time.monotonic() - started) * 1000)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    main(int(args[0]), args[1], args[2], int(args[3]), args[4], args[5], int(args[6]))

# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The one lock-then-reload helper of the suite.

Every Omnicanal service that must decide on fresh values (a card's balance, a
POS order already applied, a guest match already confirmed, the partners of a
merge) takes the row locks the same way: flush pending writes, lock the rows
in id order (two transactions locking several rows never deadlock), then drop
the cached values so the next read comes from the database.

Odoo runs transactions in REPEATABLE READ: a transaction that waited for a row
another one changed and committed fails with a serialization error when it
writes it, and Odoo's request layer (``odoo.service.model.retrying``) retries
the whole request on a fresh snapshot, which then sees the new values.
"""

from odoo.tools import SQL


def lock_rows(records, fnames=None):
    """Lock ``records``' rows until the end of the transaction and reload them.

    ``fnames``: the fields to reload (all of them by default). Returns the
    records whose rows were locked, in id order: the ones that still exist (a
    caller that needs them all compares the lengths, which saves an
    ``exists()`` query on hot paths).
    """
    if not records.ids:
        return records
    records.flush_recordset()
    records.env.cr.execute(
        SQL(
            "SELECT id FROM %s WHERE id IN %s ORDER BY id FOR UPDATE",
            SQL.identifier(records._table),
            tuple(records.ids),
        )
    )
    locked = records.browse([row[0] for row in records.env.cr.fetchall()])
    records.invalidate_recordset(fnames)
    return locked


def claim_rows(records):
    """Lock ``records``' rows by writing them (``write_date`` kept), until the end of the transaction.

    For a decision that reads other tables (what is left to return of an order,
    say) and writes nothing else on the row itself: under repeatable read a
    plain ``FOR UPDATE`` lets the second transaction go on with its old
    snapshot once the first commits. A row the first one wrote makes the second
    fail with a serialization error instead, which Odoo's request layer retries
    on a fresh snapshot that sees the first one's rows.
    """
    if not records.ids:
        return records
    records.flush_recordset()
    records.env.cr.execute(
        SQL(
            "UPDATE %s SET write_date = write_date WHERE id IN %s",
            SQL.identifier(records._table),
            tuple(sorted(records.ids)),
        )
    )
    return records

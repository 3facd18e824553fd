# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading

from psycopg2 import errors as pg_errors

from odoo import api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

ATTEMPTS = 3


@tagged("post_install", "-at_install", "omni_concurrency")
class TestConcurrentCreation(TransactionCase):
    """Two channels (POS and website) create the same customer at the same moment.

    Real transactions on separate connections, committed; the test cleans up
    what it wrote. Odoo retries a request that fails with a serialization
    error; each channel here retries the same way on a fresh transaction.
    Environments are opened in the main thread (opening one takes the
    registry lock, which the test runner holds while tests run).
    """

    email = "concurrent.omni@correo.es"

    def setUp(self):
        super().setUp()
        self._cleanup()
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"active_test": False})
            partners = env["res.partner"].search([("email_normalized", "=", self.email)])
            env["omni.interaction"].search([("partner_id", "in", partners.ids)]).unlink()
            env["omni.match.review"].search([("partner_ids", "in", partners.ids)]).unlink()
            partners.unlink()
            env["omni.identity.claim"].search([("name", "=", "email:" + self.email)]).unlink()

    def _channel(self, envs, channel, barrier, results, index):
        for attempt, env in enumerate(envs):
            try:
                if attempt == 0:
                    barrier.wait(timeout=10)
                partner = (
                    env["res.partner"]
                    .with_context(omni_match_on_create=True, omni_channel_code=channel)
                    .create({"name": f"Cliente {channel}", "email": self.email.upper()})
                )
                env.cr.execute("SELECT pg_sleep(0.2)")  # both transactions overlap
                env.cr.commit()
                results[index] = (partner.id, attempt)
                return
            except pg_errors.SerializationFailure:
                env.cr.rollback()
            except Exception as exc:
                env.cr.rollback()
                results[index] = (None, repr(exc))
                return
        results[index] = (None, "gave up")

    @mute_logger("odoo.sql_db")
    def test_two_connections_one_partner(self):
        for _round in range(5):
            self._cleanup()
            envs = [
                [api.Environment(self.registry.cursor(), api.SUPERUSER_ID, {}) for _i in range(ATTEMPTS)]
                for _channel in range(2)
            ]
            barrier = threading.Barrier(2)
            results = [None, None]
            threads = [
                threading.Thread(target=self._channel, args=(envs[0], "pos", barrier, results, 0)),
                threading.Thread(target=self._channel, args=(envs[1], "website", barrier, results, 1)),
            ]
            try:
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=60)
            finally:
                for env in envs[0] + envs[1]:
                    env.cr.close()
            self.assertNotIn(None, results, "a channel did not finish")
            ids = {r[0] for r in results}
            self.assertNotIn(None, ids, results)
            self.assertEqual(len(ids), 1, f"both channels must end on one partner: {results}")
            self.assertEqual(sorted(r[1] for r in results), [0, 1], "the later channel waited and retried")
            with self.registry.cursor() as cr:
                cr.execute("SELECT count(*) FROM res_partner WHERE email_normalized = %s", (self.email,))
                self.assertEqual(cr.fetchone()[0], 1)

# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from .common import race


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

    def _create(self, channel):
        def action(env):
            partner = (
                env["res.partner"]
                .with_context(omni_match_on_create=True, omni_channel_code=channel)
                .create({"name": f"Cliente {channel}", "email": self.email.upper()})
            )
            return partner.id

        return action

    @mute_logger("odoo.sql_db")
    def test_two_connections_one_partner(self):
        for _round in range(5):
            self._cleanup()
            results = race(self.registry, [self._create("pos"), self._create("website")], overlap=0.2)
            self.assertNotIn(None, results, "a channel did not finish")
            self.assertEqual([r[0] for r in results], ["ok", "ok"], results)
            ids = {r[2] for r in results}
            self.assertEqual(len(ids), 1, f"both channels must end on one partner: {results}")
            self.assertEqual(sorted(r[1] for r in results), [0, 1], "the later channel waited and retried")
            with self.registry.cursor() as cr:
                cr.execute(SQL("SELECT count(*) FROM res_partner WHERE email_normalized = %s", self.email))
                self.assertEqual(cr.fetchone()[0], 1)

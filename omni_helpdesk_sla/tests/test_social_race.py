# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api
from odoo.addons.omni_customer.tests.common import race
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install", "omni_concurrency")
class TestConcurrentSocialDelivery(TransactionCase):
    """The provider delivers the same WhatsApp message twice at the same moment.

    Real transactions on two connections, committed; the test cleans up what
    they wrote. Each delivery retries a serialization failure on a fresh
    transaction, as Odoo's request layer does.
    """

    email = "race.social.omni@correo.es"
    source_name = "WhatsApp race (test)"

    def setUp(self):
        super().setUp()
        self._cleanup()
        self.addCleanup(self._cleanup)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            self.partner_id = env["res.partner"].create({"name": "Raquel Race", "email": self.email}).id
            self.source_id = (
                env["omni.social.source"].create({"name": self.source_name, "secret": "s" * 32}).id
            )

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"active_test": False})
            partners = env["res.partner"].search([("email_normalized", "=", self.email)])
            env["helpdesk.ticket"].search([("partner_id", "in", partners.ids)]).unlink()
            env["omni.social.source"].search([("name", "=", self.source_name)]).unlink()
            env["omni.interaction"].search([("partner_id", "in", partners.ids)]).unlink()
            env["mail.message"].search([("author_id", "in", partners.ids)]).unlink()
            partners.unlink()
            env["omni.identity.claim"].search([("name", "=", "email:" + self.email)]).unlink()

    def _deliver(self, env):
        source = env["omni.social.source"].browse(self.source_id)
        ticket, _created = source._omni_receive(
            {"message_id": "wamid.race", "phone": "", "email": self.email, "name": "", "text": "¿Hola?"}
        )
        return ticket.id

    @mute_logger("odoo.sql_db")
    def test_two_deliveries_one_ticket_one_message(self):
        results = race(self.registry, [self._deliver, self._deliver], overlap=0.2)
        self.assertNotIn(None, results, "a delivery did not finish")
        self.assertEqual([r[0] for r in results], ["ok", "ok"], results)
        self.assertEqual(
            len({r[2] for r in results}), 1, f"both deliveries answer the same ticket: {results}"
        )
        self.assertEqual(sorted(r[1] for r in results), [0, 1], "the later delivery was retried")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            self.assertEqual(env["omni.social.message"].search_count([("source_id", "=", self.source_id)]), 1)
            tickets = env["helpdesk.ticket"].search([("partner_id", "=", self.partner_id)])
            self.assertEqual(len(tickets), 1)
            self.assertEqual(len(tickets.message_ids.filtered("omni_channel_id")), 1, "one social leg")

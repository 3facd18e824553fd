# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import hmac
import json

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from .common import OmniHelpdeskCommon

SECRET = "whatsapp-test-secret-0123456789"
URL = "/omni/helpdesk/social/{}/webhook"


class OmniSocialCommon(OmniHelpdeskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.country_id = cls.env.ref("base.es")
        cls.source = cls.env["omni.social.source"].create(
            {"name": "WhatsApp tienda (test)", "team_id": cls.team.id, "secret": SECRET}
        )
        cls.carmen = cls.env["res.partner"].create(
            {
                "name": "Carmen Ruiz Test",
                "mobile": "+34 612 345 678",
                "country_id": cls.env.ref("base.es").id,
            }
        )
        cls.social = cls.env["omni.channel"]._omni_get("social")


@tagged("post_install", "-at_install")
class TestSocialWebhook(OmniSocialCommon, HttpCase):
    def _post(self, payload, secret=SECRET, source=None, raw=None, signature=None):
        body = raw if raw is not None else json.dumps(payload).encode()
        if signature is None:
            signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return self.url_open(
            URL.format((source or self.source).id),
            data=body,
            headers={"X-Omni-Signature": signature, "Content-Type": "application/json"},
        )

    def _counts(self):
        return (
            self.env["helpdesk.ticket"].search_count([]),
            self.env["res.partner"].search_count([]),
            self.env["omni.social.message"].search_count([]),
            self.env["mail.message"].search_count([("model", "in", ("helpdesk.ticket", "res.partner"))]),
        )

    def test_known_customer_in_another_phone_format_threads_into_open_ticket(self):
        ticket = self._ticket(partner=self.carmen)
        partners = self.env["res.partner"].search_count([])
        response = self._post(
            {
                "message_id": "wamid.1",
                "phone": "612345678",
                "name": "Carmen Ruiz Test",
                "text": "¿Y mi pedido?",
            }
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json(), {"status": "ok", "ticket_id": ticket.id})
        self.assertEqual(self.env["res.partner"].search_count([]), partners, "no duplicate customer")
        leg = ticket.message_ids.filtered(lambda m: m.omni_channel_id == self.social)
        self.assertEqual(len(leg), 1)
        self.assertEqual(leg.author_id, self.carmen)
        self.assertIn("¿Y mi pedido?", leg.body)
        self.assertIn(self.social, ticket.omni_continued_channel_ids | ticket.omni_started_channel_id)
        self.assertIn(self.social.name, ticket.omni_journey)
        row = self.env["omni.social.message"].search([("external_id", "=", "wamid.1")])
        self.assertEqual((row.ticket_id, row.partner_id, row.mail_message_id), (ticket, self.carmen, leg))

    def test_new_customer_opens_a_ticket_started_on_social(self):
        before = self._counts()
        response = self._post(
            {
                "message_id": "wamid.new",
                "phone": "+34 699 000 111",
                "name": "Nuevo Cliente",
                "text": "Hola\nQuiero devolver unas zapatillas",
            }
        )
        self.assertEqual(response.status_code, 200, response.text)
        ticket = self.env["helpdesk.ticket"].browse(response.json()["ticket_id"])
        self.assertEqual(ticket.partner_id.name, "Nuevo Cliente")
        self.assertEqual(ticket.partner_id.omni_phone_key, "+34699000111")
        self.assertEqual(ticket.omni_started_channel_id, self.social)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.omni_sla_policy_id, self.policy)
        self.assertEqual(ticket.message_ids.filtered("omni_channel_id").omni_channel_id, self.social)
        after = self._counts()
        self.assertEqual((after[0] - before[0], after[1] - before[1], after[2] - before[2]), (1, 1, 1))

    def test_replay_returns_the_same_ticket_and_writes_nothing(self):
        payload = {"message_id": "wamid.replay", "email": "ana.garcia@example.com", "text": "Sigo esperando"}
        first = self._post(payload)
        self.assertEqual(first.status_code, 200)
        ticket_id = first.json()["ticket_id"]
        before = self._counts()
        replay = self._post(payload)
        self.assertEqual(replay.status_code, 200)
        self.assertEqual(replay.json(), {"status": "duplicate", "ticket_id": ticket_id})
        self.assertEqual(self._counts(), before)
        self.assertEqual(self.env["helpdesk.ticket"].browse(ticket_id).partner_id, self.ana)

    @mute_logger("odoo.http")
    def test_forged_signature_unknown_source_and_bad_payloads(self):
        payload = {
            "message_id": "wamid.bad",
            "phone": "612345678",
            "name": "Carmen Ruiz Test",
            "text": "Hola",
        }
        before = self._counts()
        no_secret = self.source.copy({"secret": False})
        self.assertEqual(self._post(payload, secret="guess").status_code, 401)
        self.assertEqual(self._post(payload, signature="").status_code, 401)
        self.assertEqual(self._post(payload, signature="é" * 64).status_code, 401)
        self.assertEqual(self._post(payload, source=no_secret).status_code, 401)
        archived = self.source.copy({"secret": SECRET, "active": False})
        before = self._counts()
        self.assertEqual(self._post(payload, source=archived).status_code, 404)
        self.assertEqual(self.url_open(URL.format(999999), data=b"{}").status_code, 404)
        bad_payloads = [
            b"not json",
            b"\xff\xfe",
            json.dumps([payload]).encode(),
            json.dumps(dict(payload, extra=1)).encode(),
            json.dumps(dict(payload, message_id="")).encode(),
            json.dumps(dict(payload, message_id=12)).encode(),
            json.dumps(dict(payload, message_id="x" * 200)).encode(),
            json.dumps(dict(payload, text="")).encode(),
            json.dumps(dict(payload, text="a\x00b")).encode(),
            json.dumps(dict(payload, text="x" * 5000)).encode(),
            json.dumps(dict(payload, text="\ud800")).encode(),
            json.dumps({"message_id": "m", "text": "sin remitente"}).encode(),
            json.dumps(dict(payload, phone="llámame")).encode(),
            json.dumps({"message_id": "m", "email": "not-an-email", "text": "x"}).encode(),
            json.dumps(dict(payload, name={"x": 1})).encode(),
        ]
        for raw in bad_payloads:
            with self.subTest(raw=raw[:40]):
                self.assertEqual(self._post(None, raw=raw).status_code, 400)
        self.assertEqual(self._post(None, raw=b"x" * (17 * 1024)).status_code, 413)
        self.assertEqual(self.url_open(URL.format(self.source.id)).status_code, 405, "POST only")
        self.assertEqual(self._counts(), before, "nothing written")


@tagged("post_install", "-at_install")
class TestSocialLegs(OmniSocialCommon, TransactionCase):
    def test_agent_logs_social_messages_as_legs(self):
        ticket = self._email("ana.garcia@example.com", "Talla equivocada", "Me llegó otra talla")
        ticket = self.env["helpdesk.ticket"].browse(ticket)
        for direction, text in (
            ("inbound", "La clienta escribe por WhatsApp"),
            ("outbound", "Le respondemos"),
        ):
            wizard = Form(
                self.env["omni.ticket.social.wizard"]
                .with_user(self.agent)
                .with_context(default_ticket_id=ticket.id)
            )
            wizard.direction = direction
            wizard.text = text
            wizard.save().action_confirm()
        legs = ticket.message_ids.filtered("omni_channel_id").sorted(lambda m: (m.date, m.id))
        self.assertEqual([leg.omni_channel_id.code for leg in legs], ["email", "social", "social"])
        self.assertEqual(ticket.omni_continued_channel_ids, self.social)
        self.assertTrue(ticket.omni_channel_changed)
        self.assertEqual(ticket.omni_last_channel_id, self.social)
        self.assertTrue(self._status(ticket, "first_reply").achieved_at, "our outbound message is a reply")
        interaction = self.env["omni.interaction"].search(
            [
                ("partner_id", "=", self.ana.id),
                ("interaction_type", "=", "ticket_leg"),
                ("channel_id", "=", self.social.id),
            ]
        )
        self.assertEqual(len(interaction), 2)

    def test_wizard_refuses_empty_or_huge_text(self):
        ticket = self._ticket()
        Wizard = self.env["omni.ticket.social.wizard"].with_user(self.agent)
        for text in ("   ", "x" * 4001):
            with self.subTest(length=len(text)), self.assertRaises(UserError):
                Wizard.create({"ticket_id": ticket.id, "text": text}).action_confirm()
        self.assertFalse(ticket.message_ids.filtered(lambda m: m.omni_channel_id == self.social))

    def test_sources_are_for_managers_and_the_secret_never_reaches_agents(self):
        with self.assertRaises(AccessError):
            self.source.with_user(self.agent).read(["name"])
        with self.assertRaises(AccessError):
            self.env["omni.social.source"].with_user(self.agent).create({"name": "x"})
        self.assertEqual(self.source.with_user(self.leader).secret, SECRET)
        self.assertNotIn("secret", self.env["omni.social.source"].with_user(self.agent).fields_get())

    def test_duplicate_message_id_is_refused_by_the_database(self):
        ticket, created = self.source._omni_receive(
            {
                "message_id": "wamid.db",
                "phone": "",
                "email": "bea.lopez@example.com",
                "name": "",
                "text": "Hola",
            }
        )
        self.assertTrue(created)
        again, created = self.source._omni_receive(
            {
                "message_id": "wamid.db",
                "phone": "",
                "email": "bea.lopez@example.com",
                "name": "",
                "text": "Hola",
            }
        )
        self.assertEqual((again, created), (ticket, False))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env["omni.social.message"].create({"source_id": self.source.id, "external_id": "wamid.db"})

# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, new_test_user, tagged

from ..models.omni_delivery_event import NOTIFIED_STEPS
from .common import OmniLastMileCommon


@tagged("post_install", "-at_install")
class TestNotifyTemplates(OmniLastMileCommon, TransactionCase):
    """Step e-mails come from mail.template records managers edit; the generic text is the fallback."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_last_mile_setup()
        cls._stock(cls.product_a, cls.wh_valencia, 10)
        cls.customer_valencia.lang = "en_US"
        cls.order = cls._ship_order(cls.customer_valencia, [(cls.product_a, 1)], warehouse=cls.wh_valencia)
        cls.order.action_confirm()
        cls.shipped = cls.env.ref("omni_last_mile.mail_template_step_shipped")
        cls.manager = new_test_user(
            cls.env,
            login="omni_notify_manager",
            groups="omni_customer.group_omni_manager,mail.group_mail_template_editor",
        )

    def _record(self, step):
        return self.env["omni.delivery.event"]._omni_record(self.order, step)

    def _mails(self):
        return self.env["mail.mail"].search(
            [("model", "=", "sale.order"), ("res_id", "=", self.order.id)], order="id"
        )

    def test_every_notified_step_has_its_template(self):
        for step in NOTIFIED_STEPS:
            template = self.env.ref(f"omni_last_mile.mail_template_step_{step}")
            self.assertEqual(template.model, "sale.order", step)
            self.assertEqual(template.lang, "{{ object.partner_id.lang }}", step)
            # Each renders for a real order (subject, then the QWeb body) without error.
            subject = template._render_field("subject", self.order.ids)[self.order.id]
            self.assertIn(self.order.name, subject, step)
            body = template._render_field("body_html", self.order.ids)[self.order.id]
            self.assertIn(self.order._omni_tracking_url(), body, step)
        reminder = self.env.ref("omni_last_mile.mail_template_pickup_reminder")
        self.assertEqual(reminder.model, "sale.order")

    def test_step_mail_comes_from_the_template(self):
        event = self._record("shipped")
        self.assertTrue(event.notified)
        mail = self._mails()
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.subject, f"Your order {self.order.name}: Shipped")
        self.assertIn("has been shipped: it is on its way to you", mail.body_html)
        self.assertIn("Hello Lucía Valencia", mail.body_html)
        self.assertIn(self.order._omni_tracking_url(), mail.body_html)
        self.assertIn("Follow your delivery", mail.body_html)
        self.assertEqual(mail.recipient_ids, self.customer_valencia)
        self.assertFalse(mail.email_to)
        self.assertEqual(mail.state, "outgoing", "queued for the mail cron, not sent at once")

    def test_manager_edits_the_subject_and_the_next_mail_uses_it(self):
        self.shipped.with_user(self.manager).write(
            {
                "subject": "{{ object.name }} left our warehouse",
                "body_html": "<p>On its way: <t t-out='object.name'/></p>",
            }
        )
        sms_installed = "sms.sms" in self.env
        if sms_installed:
            self.customer_valencia.mobile = "+34 600 111 333"
        self._record("shipped")
        mail = self._mails()
        self.assertEqual(mail.subject, f"{self.order.name} left our warehouse")
        self.assertIn(f"On its way: {self.order.name}", mail.body_html)
        if sms_installed:  # the SMS says the edited subject too, with the tracking link
            sms = self.env["sms.sms"].search([("partner_id", "=", self.customer_valencia.id)])
            self.assertEqual(len(sms), 1)
            self.assertIn(f"{self.order.name} left our warehouse", sms.body)
            self.assertIn(self.order._omni_tracking_url(), sms.body)

    def test_customer_language_picks_the_spanish_text(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"].search([("name", "=", "omni_last_mile")])._update_translations(["es_ES"])
        self.customer_valencia.lang = "es_ES"
        self._record("delivered")
        mail = self._mails()
        self.assertEqual(mail.subject, f"Su pedido {self.order.name}: Entregado")
        self.assertIn("Hola Lucía Valencia", mail.body_html)
        self.assertIn("ha sido entregado", mail.body_html)
        self.assertIn("Siga su entrega", mail.body_html)
        self.assertNotIn("Follow your delivery", mail.body_html)
        # Back to English: the next mail is in English again.
        self.customer_valencia.lang = "en_US"
        self._record("delivered")
        self.assertEqual(self._mails()[-1].subject, f"Your order {self.order.name}: Delivered")

    def test_consent_refused_sends_nothing(self):
        self.env["omni.consent"]._omni_set(self.customer_valencia, "service", "email", False)
        event = self._record("shipped")
        self.assertFalse(self._mails())
        self.assertFalse(event.notified)

    def test_removed_template_falls_back_to_the_generic_text(self):
        self.shipped.with_user(self.manager).active = False
        event = self._record("shipped")
        self.assertTrue(event.notified)
        mail = self._mails()
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.subject, f"Your order {self.order.name}: Shipped")
        self.assertNotIn("it is on its way to you", mail.body_html)
        self.assertIn("Follow your delivery", mail.body_html)
        self.assertIn(self.order._omni_tracking_url(), mail.body_html)
        self.assertEqual(mail.recipient_ids, self.customer_valencia)
        # Deleted: the same generic text.
        self.env.ref("omni_last_mile.mail_template_step_delivered").with_user(self.manager).unlink()
        event = self._record("delivered")
        self.assertTrue(event.notified)
        mail = self._mails()[-1]
        self.assertEqual(mail.subject, f"Your order {self.order.name}: Delivered")
        self.assertIn(self.order._omni_tracking_url(), mail.body_html)

    def test_broken_template_falls_back_and_the_step_is_recorded(self):
        """A manager's broken edit (unknown field) never stops the step: generic text, warning logged."""
        logger = "odoo.addons.omni_last_mile.models.sale_order_notify"
        original = {"body_html": self.shipped.body_html, "subject": self.shipped.subject}
        for field, value in (
            ("body_html", "<p t-out='object.omni_no_such_field'/>"),
            ("subject", "{{ object.omni_no_such_field }}"),
        ):
            self.shipped.with_user(self.manager).write({field: value})
            with self.assertLogs(logger, "WARNING") as logs:
                event = self._record("shipped")
            self.assertIn("mail_template_step_shipped failed to render or send", logs.output[0])
            self.assertTrue(event.notified, field)
            mail = self._mails()[-1]
            self.assertEqual(mail.subject, f"Your order {self.order.name}: Shipped", field)
            self.assertIn(self.order._omni_tracking_url(), mail.body_html, field)
            self.shipped.with_user(self.manager).write({field: original[field]})
        self.assertEqual(self.order.omni_event_ids.mapped("step").count("shipped"), 2)

    def test_template_editors_find_them_under_configuration(self):
        Template = self.env["mail.template"].with_user(self.manager)
        ours = Template.search([("omni_last_mile_notice", "=", True)])
        self.assertEqual(len(ours), len(NOTIFIED_STEPS) + 1, "one per notified step and the pickup reminder")
        self.assertEqual(set(ours.mapped("model")), {"sale.order"})
        self.assertTrue(self.shipped.omni_last_mile_notice)
        self.assertFalse(self.env.ref("sale.email_template_edi_sale").omni_last_mile_notice)
        self.assertNotIn(self.env.ref("sale.email_template_edi_sale"), ours)
        self.shipped.with_user(self.manager).active = False
        self.assertNotIn(self.shipped, Template.search([("omni_last_mile_notice", "=", True)]))
        archived = Template.search([("omni_last_mile_notice", "=", True), ("active", "=", False)])
        self.assertEqual(archived, self.shipped)
        self.assertEqual(Template.search([("omni_last_mile_notice", "!=", True)]) & ours, Template)
        menu = self.env.ref("omni_last_mile.mail_template_menu_omni_last_mile")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.manager)._visible_menu_ids())
        if not self.omni_manager.has_group("mail.group_mail_template_editor"):
            # A manager who may not edit templates is not shown a menu of templates.
            self.assertNotIn(menu.id, Menu.with_user(self.omni_manager)._visible_menu_ids())

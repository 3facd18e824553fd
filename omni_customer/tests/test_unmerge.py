# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import OmniCustomerCommon


@tagged("post_install", "-at_install")
class TestUnmerge(OmniCustomerCommon, TransactionCase):
    """Unmerge puts back exactly what the merge did, and no more."""

    def setUp(self):
        super().setUp()
        self.a, self.b = self.Partner.create(
            [
                {"name": "Inés Mar", "email": "ines@correo.es"},
                {
                    "name": "Inés Mar",
                    "email": "ines@correo.es",
                    "mobile": "655 000 111",
                    "street": "Calle B 2",
                },
            ]
        )
        self.Audit = self.env["omni.merge.audit"].with_user(self.manager)

    def test_values_edited_since_the_merge_are_kept_and_shown(self):
        audit = self.Audit._omni_merge(self.a | self.b, self.a)
        self.assertEqual((self.a.mobile, self.a.street), ("655 000 111", "Calle B 2"))
        self.assertEqual(set(audit.field_ids.mapped("field_name")), {"mobile", "street"})
        self.a.street = "Calle Editada 9"  # a manager's later edit
        self.a.city = "Cuenca"  # a field the merge did not change
        audit.with_user(self.manager).action_unmerge()
        self.assertFalse(self.a.mobile, "unchanged since the merge: restored")
        self.assertEqual(self.a.street, "Calle Editada 9", "edited since: kept")
        self.assertEqual(self.a.city, "Cuenca", "not the merge's: never touched")
        street = audit.field_ids.filtered(lambda f: f.field_name == "street")
        self.assertEqual(street.state, "conflict")
        self.assertEqual((street.before_display, street.merged_display), ("", "Calle B 2"))
        self.assertEqual(street.current_display, "Calle Editada 9")
        self.assertIn("Calle Editada 9", audit.unmerge_report)
        self.assertEqual(audit.field_ids.filtered(lambda f: f.field_name == "mobile").state, "restored")
        with self.assertRaises(UserError):
            street.with_user(self.cashier).action_use_before()
        street.with_user(self.manager).action_use_before()
        self.assertFalse(self.a.street)
        self.assertEqual(street.state, "reverted")
        with self.assertRaises(UserError):
            street.with_user(self.manager).action_keep_current()

    def test_rows_a_later_merge_moved_are_reported(self):
        order = self._sale_order(self.b, 12.0)
        first = self.Audit._omni_merge(self.a | self.b, self.a)
        self.assertEqual(order.partner_id, self.a)
        c = self.Partner.create({"name": "Inés Mar", "email": "ines@correo.es"})
        self.Audit._omni_merge(self.a | c, c)
        self.assertEqual(order.partner_id, c)
        first.with_user(self.manager).action_unmerge()
        self.env.invalidate_all()
        self.assertEqual(order.partner_id, c, "moved again by the later merge: left there")
        self.assertIn(f"sale_order #{order.id}", first.unmerge_report)
        self.assertTrue(self.b.active)

    def test_audit_survives_deletion_of_either_partner(self):
        audit = self.Audit._omni_merge(self.a | self.b, self.a)
        b_id, name = self.b.id, self.a.display_name
        self.b.unlink()
        self.assertTrue(audit.exists())
        self.assertIn(str(b_id), audit.losers_values)
        self.a.unlink()
        self.assertTrue(audit.exists())
        self.assertFalse(audit.dst_partner_id)
        self.assertEqual(audit.dst_partner_name, name)
        self.assertTrue(audit.field_ids)
        with self.assertRaisesRegex(UserError, "deleted"):
            audit.with_user(self.manager).action_unmerge()

    def test_bank_accounts_and_company_values_come_back(self):
        bank_a = self.env["res.partner.bank"].create(
            {"acc_number": "ES7921000813610123456789", "partner_id": self.a.id}
        )
        bank_b = self.env["res.partner.bank"].create(
            {"acc_number": "ES79 2100 0813 6101 2345 6789", "partner_id": self.b.id}
        )
        other_b = self.env["res.partner.bank"].create(
            {"acc_number": "ES1000492352082414205416", "partner_id": self.b.id}
        )
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.b.id,
                "partner_bank_id": bank_b.id,
                "invoice_line_ids": [Command.create({"name": "x", "quantity": 1, "price_unit": 10})],
            }
        )
        self.b.with_company(self.company).barcode = "B-CARD-1"
        audit = self.Audit._omni_merge(self.a | self.b, self.a)
        self.assertFalse(bank_b.exists(), "the twin account was folded into the survivor's")
        self.assertEqual(bill.partner_bank_id, bank_a)
        self.assertEqual(other_b.partner_id, self.a)
        self.assertEqual(audit.company_values[str(self.b.id)]["barcode"][str(self.company.id)], "B-CARD-1")
        audit.with_user(self.manager).action_unmerge()
        self.env.invalidate_all()
        self.assertTrue(bank_b.exists())
        self.assertEqual(bank_b.partner_id, self.b)
        self.assertEqual(bill.partner_bank_id, bank_b)
        self.assertEqual(bill.partner_id, self.b)
        self.assertEqual(other_b.partner_id, self.b)
        self.assertEqual(bank_a.partner_id, self.a)
        self.assertFalse(audit.unmerge_report)

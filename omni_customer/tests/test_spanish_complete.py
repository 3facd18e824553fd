# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import os

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import trans_export


@tagged("post_install", "-at_install")
class TestSpanishComplete(TransactionCase):
    """Every term Odoo exports for an installed Omnicanal addon is in its es.po, translated.

    The export is Odoo's own (``trans_export``, what *Settings > Translations >
    Export* writes): views, fields, menus, actions, mail templates, data and
    demo records, Python and JavaScript strings.
    """

    def test_every_exported_term_has_a_spanish_translation(self):
        modules = (
            self.env["ir.module.module"]
            .search([("name", "=like", "omni\\_%"), ("state", "=", "installed")])
            .mapped("name")
        )
        self.assertIn("omni_customer", modules)
        missing = {}
        for name in modules:
            buffer = io.BytesIO()
            trans_export(None, [name], buffer, "po", self.env.cr)
            template = polib.pofile(buffer.getvalue().decode())
            spanish = polib.pofile(os.path.join(get_module_path(name), "i18n", "es.po"))
            translated = {entry.msgid for entry in spanish if entry.msgstr}
            gaps = sorted({entry.msgid for entry in template if entry.msgid not in translated})
            if gaps:
                missing[name] = [gap[:80] for gap in gaps[:10]] + (
                    [f"... {len(gaps)} in all"] if len(gaps) > 10 else []
                )
        self.assertFalse(missing, f"Terms with no Spanish translation in es.po: {missing}")

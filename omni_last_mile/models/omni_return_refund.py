# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, models
from odoo.exceptions import UserError


class OmniReturnRefund(models.AbstractModel):
    """How a return is refunded: the credit note, and the eWallet credit that settles it.

    Mixed into ``omni.return`` (its ``credit_note_id``, ``amount``,
    ``ewallet_card_id``, ``partner_id``, ``company_id``, ``channel_id``, ``pos_order_id``).
    """

    _name = "omni.return.refund"
    _description = "Refund of a return (credit note, eWallet)"

    def _omni_ewallet_program(self, company):
        if not company.omni_return_ewallet:
            raise UserError(self.env._("Refunds to the eWallet are not allowed in this company."))
        program = company.omni_return_ewallet_program_id or self.env["loyalty.program"].search(
            [("program_type", "=", "ewallet"), ("company_id", "in", [company.id, False])], limit=1
        )
        if not program:
            raise UserError(self.env._("No eWallet program takes refunds: set one in the settings."))
        if not program.trigger_product_ids:
            raise UserError(self.env._("The eWallet program that takes refunds has no top-up product."))
        return program

    def _omni_credit_note(self, order, clean):
        """The credit note of the returned quantities, built by the sale invoicing helpers."""
        vals = order._prepare_invoice()
        vals.update(
            {
                "move_type": "out_refund",
                "transaction_ids": [],
                "ref": self.env._("Return of %(order)s", order=order.name),
                "invoice_line_ids": [
                    Command.create(line._prepare_invoice_line(quantity=qty))
                    for line, (qty, _r) in clean.items()
                ],
            }
        )
        credit_note = self.env["account.move"].with_context(default_move_type="out_refund").create(vals)
        credit_note.action_post()
        return credit_note

    def _omni_pos_credit_note(self, clean):
        """A customer credit note of the returned quantities at the till's prices, taxes and discounts.

        Not a POS refund order: that needs an open session and a payment
        through a till's payment method, while a parcel is received by the
        warehouse, possibly when no till is open. The accountant pays it back.
        """
        order = self.pos_order_id
        journal = order.config_id.invoice_journal_id or self.env["account.journal"].search(
            [("type", "=", "sale"), *self.env["account.journal"]._check_company_domain(order.company_id)],
            limit=1,
        )
        credit_note = (
            self.env["account.move"]
            .with_company(order.company_id)
            .with_context(default_move_type="out_refund")
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": order.partner_id.id,
                    "company_id": order.company_id.id,
                    "currency_id": order.currency_id.id,
                    "journal_id": journal.id,
                    "fiscal_position_id": order.fiscal_position_id.id,
                    "invoice_origin": order.pos_reference or order.name,
                    "reversed_entry_id": order.account_move.id,
                    "ref": self.env._("Return of %(order)s", order=order.pos_reference or order.name),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": line.product_id.id,
                                "name": line.full_product_name or line.product_id.display_name,
                                "quantity": qty,
                                "product_uom_id": line.product_uom_id.id,
                                "price_unit": line.price_unit,
                                "discount": line.discount,
                                "tax_ids": [Command.set(line.tax_ids_after_fiscal_position.ids)],
                                "omni_pos_line_id": line.id,
                            }
                        )
                        for line, (qty, _reason) in clean.items()
                    ],
                }
            )
        )
        credit_note.action_post()
        return credit_note

    def _omni_credit_ewallet(self, program):
        """Credit the refund to the customer's eWallet (omni_loyalty's one service when installed)."""
        self.ensure_one()
        Card = self.env["loyalty.card"]
        partner = self.partner_id.commercial_partner_id
        card = Card.search([("program_id", "=", program.id), ("partner_id", "=", partner.id)], limit=1)
        if not card:
            card = Card.create({"program_id": program.id, "partner_id": partner.id, "points": 0.0})
        description = self.env._("Refund of %(ret)s", ret=self.name)
        if hasattr(Card, "_omni_debit"):
            Card._omni_debit(
                {card.id: (self.amount, 0.0)},
                company=self.company_id,
                channel=self.channel_id,
                order=self,
                description=description,
            )
        else:
            card.points += self.amount
            self.env["loyalty.history"].create(
                {
                    "card_id": card.id,
                    "description": description,
                    "issued": self.amount,
                    "used": 0.0,
                    "order_model": self._name,
                    "order_id": self.id,
                }
            )
        self.ewallet_card_id = card
        self._omni_settle_ewallet(program)

    def _omni_settle_ewallet(self, program):
        """The eWallet credit pays the credit note: nothing is left to pay back a second time.

        As when a customer buys eWallet credit: an invoice of the program's
        top-up product for the refunded amount, reconciled with the credit note
        (revenue reversed by the credit note, the eWallet liability by the top-up).
        """
        credit_note = self.credit_note_id
        topup = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": credit_note.partner_id.id,
                "company_id": credit_note.company_id.id,
                "currency_id": credit_note.currency_id.id,
                "journal_id": credit_note.journal_id.id,
                "ref": self.env._("eWallet credit of %(ret)s", ret=self.name),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": program.trigger_product_ids[:1].id,
                            "quantity": 1,
                            "price_unit": credit_note.amount_total,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        topup.action_post()
        (credit_note | topup).line_ids.filtered(
            lambda aml: aml.account_id.account_type == "asset_receivable" and not aml.reconciled
        ).reconcile()

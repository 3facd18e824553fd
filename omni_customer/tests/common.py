# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading
import time

from psycopg2 import errors as pg_errors

from odoo import Command, api
from odoo.exceptions import UserError
from odoo.tests import new_test_user
from odoo.tools import SQL


def race(registry, actions, attempts=3, delays=None, overlap=0.01):
    """Run each ``action(env)`` at the same moment on its own real connection, then commit.

    Two channels reaching the same record: like Odoo's request layer, an action
    failing with a serialization error is rolled back and run again on a fresh
    transaction, up to ``attempts`` times; ``overlap`` seconds of sleep before the
    commit keep both transactions open together; ``delays`` vary who arrives first.
    Returns one tuple per action: ``("ok", attempt, value)``, ``("refused",
    message, None)`` for a UserError (ValidationError included) or ``("error",
    detail, None)``; ``None`` if a thread did not finish. Environments are opened
    here, in the calling thread: opening one takes the registry lock the test
    runner holds. The caller cleans up what the actions committed.
    """
    delays = delays or [0.0] * len(actions)
    envs = [
        [api.Environment(registry.cursor(), api.SUPERUSER_ID, {}) for _i in range(attempts)]
        for _action in actions
    ]
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index):
        for attempt, env in enumerate(envs[index]):
            try:
                if attempt == 0:
                    barrier.wait(timeout=10)
                    time.sleep(delays[index])
                value = actions[index](env)
                env.cr.execute(SQL("SELECT pg_sleep(%s)", overlap))
                env.cr.commit()
                results[index] = ("ok", attempt, value)
                return
            except pg_errors.SerializationFailure:
                env.cr.rollback()
            except UserError as exc:
                env.cr.rollback()
                results[index] = ("refused", str(exc), None)
                return
            except Exception as exc:  # reported to the test, which fails on it
                env.cr.rollback()
                results[index] = ("error", repr(exc), None)
                return
        results[index] = ("error", "gave up", None)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(actions))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        for env in (env for per_action in envs for env in per_action):
            env.cr.close()
    return results


class OmniCustomerCommon:
    """Fixtures shared by the omni_customer tests (mixed into TransactionCase)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.country_id = cls.env.ref("base.es")
        # A sender for the mails the flows send (sale's order confirmation is force-sent),
        # set up as Odoo's own mail tests do: a database without an alias domain has none.
        if not cls.company.alias_domain_id:
            alias_domain = cls.env["mail.alias.domain"].create({"name": "omni-test.example.com"})
            cls.company.alias_domain_id = alias_domain
        cls.Partner = cls.env["res.partner"]
        cls.Channel = cls.env["omni.channel"]
        cls.product = cls.env["product.product"].create(
            {
                "name": "Omni Test Shirt",
                "list_price": 20.0,
                "available_in_pos": True,
                "taxes_id": [Command.clear()],
            }
        )
        cls.manager = new_test_user(
            cls.env,
            login="omni_mgr",
            groups="base.group_user,omni_customer.group_omni_manager,sales_team.group_sale_manager",
        )
        cls.cashier = new_test_user(
            cls.env, login="omni_cashier", groups="base.group_user,point_of_sale.group_pos_user"
        )
        cls.website = cls.env["website"].search([("company_id", "=", cls.company.id)], limit=1) or cls.env[
            "website"
        ].create({"name": "Omni web", "company_id": cls.company.id})

    @classmethod
    def _pos_config(cls):
        config = cls.env["pos.config"].search(
            [("company_id", "=", cls.company.id), ("payment_method_ids", "!=", False)], limit=1
        )
        return config

    def _sale_order(self, partner, amount=20.0, website=False, confirm=True):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "website_id": website and self.website.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 1, "price_unit": amount}
                    )
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    def _pos_order(self, partner, amount=20.0, config=None):
        config = config or self._pos_config()
        if not config:
            self.skipTest("no point of sale with payment methods in this database")
        if not config.current_session_id:
            config.open_ui()
        session = config.current_session_id
        order = self.env["pos.order"].create(
            {
                "session_id": session.id,
                "partner_id": partner.id if partner else False,
                "lines": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "qty": 1 if amount >= 0 else -1,
                            "price_unit": abs(amount),
                            "price_subtotal": amount,
                            "price_subtotal_incl": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
                "amount_tax": 0.0,
                "amount_total": amount,
                "amount_paid": 0.0,
                "amount_return": 0.0,
            }
        )
        self.env["pos.make.payment"].with_context(active_id=order.id, active_ids=order.ids).create(
            {"amount": amount, "payment_method_id": config.payment_method_ids[:1].id}
        ).check()
        return order

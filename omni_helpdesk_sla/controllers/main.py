# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import werkzeug
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.omni_customer.tools import inputs
from odoo.http import request


class OmniHelpdeskTicketController(HelpdeskTicketController):
    @http.route("/ticket/close", type="http", auth="user", methods=["GET", "POST"])
    def support_ticket_close(self, **kw):
        """Close a ticket: only one the current user may read, to a portal closing stage.

        OCA's version looks the ticket up with ``sudo()`` and no owner check.
        """
        try:
            ticket_id = inputs.parse_id(kw.get("ticket_id"), "ticket_id", from_text=True)
            stage_id = inputs.parse_id(kw.get("stage_id"), "stage_id", from_text=True)
        except inputs.InputError:
            raise NotFound() from None
        # The record rules of the current user decide: another customer's
        # ticket is simply not found.
        ticket = request.env["helpdesk.ticket"].search([("id", "=", ticket_id)])
        if not ticket:
            raise NotFound()
        # sudo: a portal user may not read the team; the ticket was found under
        # their own rules just above.
        ticket_sudo = ticket.sudo()
        stage = ticket_sudo.team_id._get_applicable_stages().filtered(
            lambda s: s.id == stage_id and s.close_from_portal
        )
        if stage:
            # portal customers cannot write tickets: ticket_sudo is theirs and the
            # stage one they may close to.
            ticket_sudo.write({"stage_id": stage.id})
        # As OCA's route: a stage that may not be chosen from the portal changes
        # nothing, and the customer goes back to the ticket (a plain 302).
        return werkzeug.utils.redirect(f"/my/ticket/{ticket.id}")

# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from werkzeug.exceptions import HTTPException

from odoo import models
from odoo.exceptions import UserError
from odoo.http import request

from ..inputs import is_suite_endpoint, is_suite_method


def _visitor_is_external():
    """A public visitor or a portal customer (not an employee)."""
    return not request.env.uid or not request.env.user._is_internal()


class IrHttp(models.AbstractModel):
    """No traceback, server path or exception text for strangers on the suite's routes.

    Odoo 18 puts ``traceback.format_exc()`` in ``error.data.debug`` of every
    JSON-RPC error (``odoo.http.serialize_exception``), whoever asks, and shows
    the traceback on HTML error pages to any visitor who adds ``?debug=1``.
    On routes defined by an ``omni_*`` addon, and on RPC calls of a suite
    method, a visitor who is not an employee gets the error without them; the
    log keeps the full traceback.
    """

    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        request.omni_suite_route = is_suite_endpoint(rule.endpoint)
        return super()._pre_dispatch(rule, args)

    @classmethod
    def _omni_hide_details(cls):
        """A stranger on a suite route, or calling a suite method through ``call_kw``."""
        if not _visitor_is_external():
            return False
        if getattr(request, "omni_suite_route", False):
            return True
        params = getattr(request, "params", None) or {}
        return is_suite_method(request.env, params.get("model"), params.get("method"))

    @classmethod
    def _get_exception_code_values(cls, exception):
        code, values = super()._get_exception_code_values(exception)
        if cls._omni_hide_details():
            values["traceback"] = ""
            values.pop("qweb_exception", None)
        return code, values

    @classmethod
    def _serve_fallback(cls):
        # Odoo's 404 fallback searches pages, attachments and redirects by the
        # path; PostgreSQL refuses NUL (500). No such path can exist: plain 404.
        if "\x00" in request.httprequest.path:
            return None
        return super()._serve_fallback()

    @classmethod
    def _handle_error(cls, exception):
        response = super()._handle_error(exception)
        if (
            not cls._omni_hide_details()
            or request.dispatcher.routing_type != "json"
            or not hasattr(response, "get_data")
        ):
            return response
        try:
            body = json.loads(response.get_data())
        except ValueError:
            return response
        error = body.get("error")
        if not isinstance(error, dict) or not isinstance(error.get("data"), dict):
            return response
        data = error["data"]
        data["debug"] = ""
        if not isinstance(exception, (UserError, HTTPException)):
            # An unexpected exception's text may name tables, files or values.
            # The exception's class name stays: it says nothing about the server.
            data.update(message=request.env._("Internal error."), arguments=[], context={})
        response.set_data(json.dumps(body))
        return response

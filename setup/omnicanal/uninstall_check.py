"""Uninstall one addon from a database, then reload the registry: Odoo must still work.

Usage: python uninstall_check.py ODOO_CONF DBNAME ADDON
"""

import sys

import odoo
from odoo.tools import config


def main(conf, dbname, addon):
    config.parse_config(["-c", conf, "--log-level=warn"])
    registry = odoo.modules.registry.Registry.new(dbname)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        module = env["ir.module.module"].search([("name", "=", addon), ("state", "=", "installed")])
        if not module:
            print(f"{addon} is not installed in {dbname}")
            return 1
        module.button_immediate_uninstall()
    registry = odoo.modules.registry.Registry.new(dbname)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        state = env["ir.module.module"].search([("name", "=", addon)]).state
        partners = env["res.partner"].search_count([])
        env["ir.ui.menu"].load_menus(debug=False)
        print(f"{addon}: state after uninstall = {state}; {partners} partners readable; menus load")
        return 0 if state == "uninstalled" else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))

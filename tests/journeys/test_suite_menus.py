"""Every Omnicanal menu opens for a manager (pytest-odoo, suite installed)."""

from odoo.tests import TransactionCase, new_test_user


class TestSuiteMenus(TransactionCase):
    test_tags = {"standard", "post_install"}
    test_module = "omni_journeys"
    test_class = "TestSuiteMenus"

    def test_every_omnicanal_menu_opens(self):
        manager = new_test_user(
            self.env,
            login="omni_menu_manager",
            groups="base.group_user,base.group_system,omni_customer.group_omni_manager,"
            "sales_team.group_sale_manager,stock.group_stock_manager,point_of_sale.group_pos_manager",
        )
        env = self.env(user=manager)
        root = env.ref("omni_customer.menu_omni_root")
        menus = env["ir.ui.menu"].search([("id", "child_of", root.id), ("action", "!=", False)])
        assert len(menus) >= 5
        for menu in menus:
            action = menu.action
            if action._name != "ir.actions.act_window":
                continue
            model = env[action.res_model]
            views = [[False, mode.strip()] for mode in action.view_mode.split(",")]
            model.get_views(views, {"load_filters": True})
            if action.res_model != "res.config.settings":
                model.search_fetch(list(eval(action.domain or "[]")), ["display_name"], limit=5)

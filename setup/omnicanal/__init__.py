"""Helpers shared by setup/run, setup/test and the benchmarks (no Odoo import)."""

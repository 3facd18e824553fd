# Pure-Python helpers: importable without Odoo (see tests/unit at the repository root).

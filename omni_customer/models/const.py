# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Constants shared by the golden customer models."""

from ..tools import identity

RULE_SELECTION = [
    (identity.RULE_CUSTOMER_CODE, "Same customer code"),
    (identity.RULE_NATIONAL_ID, "Same national ID"),
    (identity.RULE_EMAIL, "Same e-mail"),
    (identity.RULE_PHONE_NAME, "Same phone and similar name"),
    (identity.RULE_FUZZY, "Similar name and address"),
]
RFM_SEGMENTS = [
    ("champion", "Champions"),
    ("loyal", "Loyal"),
    ("potential", "Potential loyalist"),
    ("new", "New"),
    ("promising", "Promising"),
    ("attention", "Needs attention"),
    ("at_risk", "At risk"),
    ("cant_lose", "Can't lose them"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost"),
]
# Interaction types that carry money for the customer's value (LTV, RFM, tiers).
MONETARY_TYPES = ("order", "pos_order", "refund")
PURCHASE_TYPES = ("order", "pos_order")
ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id")
# Tables of this addon that must keep pointing at the original partners.
EXCLUDED_TABLE_PREFIXES = ("omni_merge_audit", "omni_match_review")
# Generic (model, id) references re-pointed by the merge wizard.
REFERENCE_TABLES = (
    ("mail_message", "model", "res_id"),
    ("mail_followers", "res_model", "res_id"),
    ("mail_activity", "res_model", "res_id"),
    ("ir_attachment", "res_model", "res_id"),
    ("ir_model_data", "model", "res_id"),
)

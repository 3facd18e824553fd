from . import test_loyalty_double_spend

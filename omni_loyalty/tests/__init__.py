from . import test_loyalty_double_spend
from . import test_loyalty_concurrency

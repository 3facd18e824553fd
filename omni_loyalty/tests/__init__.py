from . import test_loyalty_concurrency
from . import test_loyalty_double_spend
from . import test_loyalty_parity
from . import test_loyalty_portal
from . import test_loyalty_wallet
from . import test_loyalty_returns
from . import test_loyalty_tiers
from . import test_loyalty_pos_tour

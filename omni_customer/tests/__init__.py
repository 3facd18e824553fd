from . import test_match
from . import test_entry_points
from . import test_merge
from . import test_concurrency
from . import test_kpi_rfm
from . import test_consent_receipt
from . import test_security
from . import test_pos_tour

from . import test_journey
from . import test_sla
from . import test_portal
from . import test_pos
from . import test_queries
from . import test_rematch
from . import test_social
from . import test_reports

from . import test_last_mile_promise
from . import test_last_mile_slots
from . import test_last_mile_tracking
from . import test_last_mile_collect
from . import test_last_mile_website
from . import test_last_mile_driver
from . import test_last_mile_kpi
from . import test_last_mile_pos_tour

from . import test_availability
from . import test_holds
from . import test_sourcing
from . import test_concurrency
from . import test_website
from . import test_pos
from . import test_website_warehouse

from . import main
from . import driver
from . import portal_return
from . import checkout
from . import portal_store_return

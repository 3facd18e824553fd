from . import main
from . import driver
from . import checkout

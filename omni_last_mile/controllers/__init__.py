from . import main
from . import driver

from . import omni_merge_wizard
from . import omni_merge_wizard_line

from . import omni_channel
from . import omni_interaction
from . import res_company
from . import res_config_settings

from . import test_livechat_ticket
from . import test_overlay_container

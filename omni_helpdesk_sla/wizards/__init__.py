from . import omni_ticket_call_wizard
from . import omni_ticket_social_wizard

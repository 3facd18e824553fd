from . import omni_ticket_call_wizard

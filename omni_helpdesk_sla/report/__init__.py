from . import omni_helpdesk_backlog_report

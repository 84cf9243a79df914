from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "leads"

    def ready(self) -> None:
        from django_fsm.signals import post_transition

        from leads import tasks  # noqa: F401  (registered in every process)
        from leads.models import Lead
        from leads.signals import record_status_change

        post_transition.connect(record_status_change, sender=Lead, dispatch_uid="leads.record_status_change")

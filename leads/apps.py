from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "leads"

    def ready(self) -> None:
        from django.db.models.signals import post_save
        from django_fsm.signals import post_transition

        from leads import tasks  # noqa: F401  (registered in every process)
        from leads.models import Lead
        from leads.signals import lead_saved, record_status_change

        post_transition.connect(record_status_change, sender=Lead, dispatch_uid="leads.record_status_change")
        post_save.connect(lead_saved, sender=Lead, dispatch_uid="leads.lead_saved")

from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "leads"

    def ready(self) -> None:
        # Django's rule: models and receivers are imported once the app registry is ready.
        from django.db.models.signals import post_save
        from django_fsm.signals import post_transition

        from leads import tasks  # noqa: F401  (registered in every process)
        from leads.history import record_status_change
        from leads.models import Lead
        from leads.sheet_mirror import lead_saved

        post_transition.connect(record_status_change, sender=Lead, dispatch_uid="leads.record_status_change")
        post_save.connect(lead_saved, sender=Lead, dispatch_uid="leads.lead_saved")

from django.apps import AppConfig


class TattooBotConfig(AppConfig):
    name = "tattoobot"
    verbose_name = "TattooBot"

    def ready(self) -> None:
        # Django's rule: receivers and what they import load once the app registry is ready.
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in

        from tattoobot import checks  # noqa: F401  (registers the system checks)
        from tattoobot.web.staff_auth.lockout import record_lockout
        from tattoobot.web.staff_auth.middleware import note_second_factor

        user_locked_out.connect(record_lockout, dispatch_uid="staff_auth.record_lockout")
        user_logged_in.connect(note_second_factor, dispatch_uid="staff_auth.note_second_factor")

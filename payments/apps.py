from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"

    def ready(self) -> None:
        from payments import tasks  # noqa: F401  (registered in every process, as conversations does)

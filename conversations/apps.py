from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "conversations"

    def ready(self) -> None:
        # Register the app's Celery tasks in every process (web included), so
        # publishing by name can run them eagerly where configured.
        from conversations import tasks  # noqa: F401

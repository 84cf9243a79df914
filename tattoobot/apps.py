from django.apps import AppConfig


class TattooBotConfig(AppConfig):
    name = "tattoobot"
    verbose_name = "TattooBot"

    def ready(self) -> None:
        from tattoobot import checks  # noqa: F401  (registers the system checks)

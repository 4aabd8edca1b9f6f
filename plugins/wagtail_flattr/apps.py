from django.apps import AppConfig


class WagtailFlattrConfig(AppConfig):
    """The app: registers the system checks and the publish/unpublish signal handlers."""

    name = "wagtail_flattr"
    label = "wagtail_flattr"
    verbose_name = "Flattr"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, signal_handlers  # noqa: F401

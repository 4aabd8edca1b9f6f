from django.apps import AppConfig


class StandardpagesConfig(AppConfig):
    default_auto_field: str = "django.db.models.AutoField"
    name = "myproject.standardpages"

from django.apps import AppConfig


class NewsConfig(AppConfig):
    default_auto_field: str = "django.db.models.AutoField"
    name = "myproject.forms"

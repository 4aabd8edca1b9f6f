from django.apps import AppConfig


class NavigationConfig(AppConfig):
    default_auto_field: str = "django.db.models.AutoField"
    name = "myproject.navigation"

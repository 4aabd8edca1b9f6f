"""news-template with wagtail_flattr, installed as docs/wagtail.md says (and nothing else): the
app, the static finder and, since news-template's templates have no Flattr tags, the middleware."""

from .settings import *  # noqa: F403
from .settings import INSTALLED_APPS, MIDDLEWARE, STATICFILES_FINDERS

INSTALLED_APPS = ["wagtail_flattr", *INSTALLED_APPS]
STATICFILES_FINDERS = [*STATICFILES_FINDERS, "wagtail_flattr.finders.FlattrStaticFinder"]
MIDDLEWARE = [*MIDDLEWARE, "wagtail_flattr.middleware.FlattrMiddleware"]

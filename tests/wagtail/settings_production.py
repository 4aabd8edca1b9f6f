"""Settings of the processes the production tests start (test_production.py): ``db_worker``,
``rqworker`` and gunicorn, on the test's own database (``FLATTR_TEST_DB_NAME``), its Redis and its
sandbox (``production_config``). Each response says which process served it (``X-Served-By``)."""

import os

from production_config import overrides
from settings import *  # noqa: F403 (the test project's settings, then these)
from settings import DATABASES, INSTALLED_APPS, MIDDLEWARE

DATABASES["default"]["NAME"] = os.environ["FLATTR_TEST_DB_NAME"]
globals().update(overrides(os.environ))
INSTALLED_APPS = [*INSTALLED_APPS, *(["django_rq"] if "django_rq" not in INSTALLED_APPS else [])]
MIDDLEWARE = [*MIDDLEWARE, "testapp.middleware.served_by"]

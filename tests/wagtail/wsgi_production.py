"""The WSGI application gunicorn serves in the production tests (settings_production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings_production")
application = get_wsgi_application()

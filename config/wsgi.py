import os

from django.core.wsgi import get_wsgi_application

# Deployments must say which settings they run; this default only matches a bare `wsgi` start.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

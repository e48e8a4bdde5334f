"""WSGI entry point for gunicorn: `gunicorn ctlive.wsgi`."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctlive.settings")
application = get_wsgi_application()

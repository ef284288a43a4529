"""Entry point for gunicorn: `gunicorn -w 4 wsgi:app`."""

from medborgarbudget.app import create_app

app = create_app()

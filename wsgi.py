"""What gunicorn and `flask --app wsgi` load."""

from crm import create_app

app = create_app()

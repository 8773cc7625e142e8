"""The WSGI entry point for a production server: `gunicorn catalogue.wsgi:app`.

Configured by the CATALOGUE_* environment variables like every other entry point. Run one scheduler
process (`catalogue scheduler`) beside the web workers, never inside them.
"""

from __future__ import annotations

from catalogue.web import create_app

app = create_app()

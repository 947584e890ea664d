"""WSGI entry point of `make run`'s web server (gunicorn): the CKAN app of $CKAN_INI,
built once per worker process."""
import os

from ckan.cli import load_config
from ckan.config.middleware import make_app

application = make_app(load_config(os.environ["CKAN_INI"]))

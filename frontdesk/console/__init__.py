"""The advisor console: sign-in, the live console page, conversation pages, and its Socket.IO namespace."""
from flask import Blueprint

bp = Blueprint("console", __name__)

from . import views  # noqa: E402,F401  (registers the routes)

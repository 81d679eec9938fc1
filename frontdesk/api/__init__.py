"""The JSON API (`/api/v1`). Endpoints are documented in docs/api.md."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import views  # noqa: E402,F401  (registers the routes on bp)

"""Public pages: the front page and the directory of services."""
from flask import Blueprint

bp = Blueprint("web", __name__)

from . import views  # noqa: E402,F401

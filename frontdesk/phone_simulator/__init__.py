"""The phone simulator page (`/simulator`): try the phone line in a browser, no Twilio account needed.

Registered only when the PHONE_SIMULATOR setting is on (the default in development, never
in production): it signs requests with the app's Twilio auth token.
"""
from flask import Blueprint

bp = Blueprint("phone_simulator", __name__, url_prefix="/simulator")

from . import views  # noqa: E402,F401

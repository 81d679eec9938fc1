"""Errors: JSON with a message for API callers, a plain page for people."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .platform.refusals import AuthError


def _wants_json() -> bool:
    return (request.path.startswith("/api/") or request.is_json
            or request.accept_mimetypes.best == "application/json")


def error_response(status: int, message: str, **extra):
    if _wants_json():
        return jsonify({"error": message, **extra}), status
    return render_template("layout/error.html", status=status, message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(AuthError)
    def auth_error(exc: AuthError):
        return error_response(exc.status, str(exc))

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return error_response(400, f"the form expired or was not sent from this site ({exc.description})")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return error_response(exc.code or 500, exc.description or exc.name)

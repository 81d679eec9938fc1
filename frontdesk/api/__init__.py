"""The JSON API (`/api/v1`). Endpoints are documented in docs/api.md."""
from .views import bp

__all__ = ["bp"]

"""Public pages: the front page, the directory of services and the privacy notice."""
from .views import bp

__all__ = ["bp"]

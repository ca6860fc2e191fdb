"""fzbg serve: the page for drafting staff and the HTTP API for OA systems."""
from .app import Settings, create_app

__all__ = ["Settings", "create_app"]

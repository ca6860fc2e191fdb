"""Errors users see. Messages are Chinese; they name the file and say what to do."""
from __future__ import annotations


class FzbgError(Exception):
    """Base class: anything that ends a command with exit code 2."""


class InputError(FzbgError):
    """A file that cannot be read as a draft (legacy .doc, encrypted, truncated, empty...)."""

    def __init__(self, path: str, message: str):
        self.path = path
        self.reason = message
        super().__init__(f"{path}：{message}")


class UnsupportedFormat(InputError):
    """A draft in a format the caller does not accept (checker.api.load(..., formats=...)).
    kind: the format its content was found to be ("pdf", "doc", ...), when known."""

    def __init__(self, path: str, message: str, kind: str | None = None):
        super().__init__(path, message)
        self.kind = kind


class InputDataError(FzbgError):
    """Invalid generator input: message names the file, the field path and the line."""


class UsageError(FzbgError):
    """A command-line or configuration mistake."""


class JobTimeout(BaseException):
    """Raised by a time limit's alarm (fzbg check --timeout, fzbg serve). A BaseException:
    the `except Exception` that readers, rules and the generator use to word a defect must
    not swallow it and carry on past the limit."""

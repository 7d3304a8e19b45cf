"""Errors that services raise and views, API and commands turn into messages.

Each carries a machine-readable `code` (for the API's 409/400 bodies) and a Vietnamese message
that names the field or the rule.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext


class ApplicationError(Exception):
    code = "error"

    def __init__(self, message: str, *, code: str | None = None, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.extra = extra or {}

    @property
    def text(self) -> str:
        """The refusal as one sentence, as a page or a list of refused choices says it."""
        return self.message


class ValidationFailed(ApplicationError):
    """Bad input: `fields` maps a field name to its messages. Nothing was changed."""

    code = "invalid"

    def __init__(self, fields: Mapping[str, list[str] | str], message: str | None = None) -> None:
        super().__init__(message or gettext("Dữ liệu không hợp lệ"))
        self.fields: dict[str, list[str]] = {k: v if isinstance(v, list) else [v] for k, v in fields.items()}

    @property
    def text(self) -> str:
        """Its fields' messages (the general message says only that the input is invalid)."""
        return " ".join(str(m) for ms in self.fields.values() for m in ms) or self.message


class TransitionNotAllowed(ApplicationError):
    """The action is not allowed in the object's current state or for this user."""

    code = "transition_not_allowed"

    def __init__(self, message: str, *, allowed: list[str] | None = None) -> None:
        super().__init__(message, extra={"allowed_actions": allowed or []})
        self.allowed = allowed or []


class ConcurrentChange(ApplicationError):
    """Someone else changed the object first: reload and try again."""

    code = "conflict"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or gettext("Hồ sơ đã được người khác thay đổi, vui lòng tải lại trang."))


class KeyReused(ApplicationError):
    """An Idempotency-Key already used for a different request by the same user."""

    code = "idempotency_key_reused"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or gettext("Idempotency-Key này đã được dùng cho một yêu cầu khác."))


class OutOfScope(ApplicationError):
    """The object lies outside the user's units: views answer 404, never 403."""

    code = "not_found"


class PolicyMissing(ApplicationError):
    """No deadline policy (or no rule of it) applies to the date or step asked for."""

    code = "policy_missing"

"""The password backend, loading each request's user together with what the second-factor gate asks.

Every page of a signed-in user who has not passed TOTP in this session asks whether they have a
confirmed device (they may have opted in): asked by the gate itself, that was a query of its own
on every page. Here the user's row comes with the answer (an EXISTS in the same query), read
fresh on every request as before; the gate uses it (casework/security/middleware.py).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import QuerySet

from casework.security.otp_policy import otp_device_exists, otp_enforced


def _user(pk: int, *, otp: bool) -> QuerySet:
    users = get_user_model().objects.filter(pk=pk)
    return users.annotate(otp_device_confirmed=otp_device_exists("pk")) if otp else users


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None  # a session holding something else than an id: signed out, as ModelBackend would
        user = _user(pk, otp=otp_enforced()).first()
        return user if user is not None and self.user_can_authenticate(user) else None

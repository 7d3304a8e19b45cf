"""The unread count in the page header."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.selectors import notification_unread_count


def unread_notifications(request: HttpRequest) -> dict:
    # Lazy: pages that do not render the header (redirects, files) cost no query.
    user = getattr(request, "user", None)
    return {"unread_notifications": SimpleLazyObject(lambda: notification_unread_count(user=user)) if user else 0}

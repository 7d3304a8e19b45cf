"""Reads of a user's own notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from notifications.channels import CHANNEL_CHOICES
from notifications.models import ChannelChoice, Notification


def notification_list(
    *, user: Any, unread_only: bool = False, search: str = "", since: Any = None
) -> QuerySet[Notification]:
    """A person's own notifications only; the page's filters narrow them."""
    qs = Notification.objects.filter(user=user).select_related("unit")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(body__icontains=search))
    if since:
        qs = qs.filter(created_at__date__gte=since)
    return qs


def notification_unread_count(*, user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def channel_choice_rows(*, user: Any, offered: list[str]) -> list[dict]:
    """The SMS/Zalo rows of the preferences page: each offered channel with the person's choice."""
    chosen = {c.channel: c for c in ChannelChoice.objects.filter(user=user, channel__in=offered)}
    labels = dict(CHANNEL_CHOICES)
    return [
        {
            "name": name,
            "label": labels[name],
            "address": chosen[name].address if name in chosen else "",
            "enabled": chosen[name].enabled if name in chosen else False,
        }
        for name in offered
    ]

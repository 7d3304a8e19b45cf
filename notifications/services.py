"""Writing notifications. Call inside the service transaction that caused them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from casework import clock
from notifications.models import Notification, OutboxMessage


def notify(
    *, users: Iterable[Any], title: str, body: str = "", url: str = "", unit: Any | None = None, key: str
) -> list[Notification]:
    """Notify each user in-app and, if they chose it, by e-mail through the outbox.

    `key` identifies the event (e.g. "deadline:42:breach"): notifying twice with the same key
    does nothing the second time, which keeps retried sweeps from sending storms.
    """
    now = clock.now()
    created = []
    for user in {u.pk: u for u in users if u is not None}.values():
        try:
            with transaction.atomic():  # a savepoint: a duplicate key must not spoil the caller's transaction
                note = Notification.objects.create(
                    user=user, title=title, body=body, url=url, unit=unit, key=key, created_at=now
                )
        except IntegrityError:
            continue
        created.append(note)
        if user.email and user.email_notifications:
            OutboxMessage.objects.get_or_create(
                key=f"{key}:email:{user.pk}",
                defaults={
                    "recipient": user.email,
                    "subject": title,
                    "body": f"{body}\n\n{url}".strip(),
                    "next_attempt_at": now,
                    "created_at": now,
                },
            )
    if created:
        transaction.on_commit(_kick_delivery)
    return created


def _kick_delivery() -> None:
    """Ask a worker to deliver now; if the broker is down the scheduler picks the messages up later."""
    try:
        from notifications.tasks import outbox_deliver

        outbox_deliver.delay()
    except Exception:  # noqa: BLE001 - a down broker must never fail a committed state change
        import logging

        logging.getLogger(__name__).warning("broker unavailable; outbox delivery deferred", exc_info=True)

"""Delivering outbox messages: claim due rows, send, mark; retries with back-off."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import send_mail
from django.db import transaction

from casework import clock
from notifications.models import OutboxMessage

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def outbox_deliver_due(*, limit: int = 100) -> int:
    """Send pending messages whose time has come. Returns how many were sent.

    Rows are claimed with SKIP LOCKED (on PostgreSQL) so two workers never send the same one.
    """
    sent = 0
    now = clock.now()
    with transaction.atomic():
        qs = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
        qs = (
            qs.select_for_update(skip_locked=True)
            if transaction.get_connection().features.has_select_for_update_skip_locked
            else qs
        )
        for message in qs.order_by("next_attempt_at")[:limit]:
            try:
                send_mail(message.subject, message.body, None, [message.recipient], fail_silently=False)
            except Exception as exc:  # noqa: BLE001 - any transport failure is retried later
                message.attempts += 1
                message.last_error = str(exc)[:1000]
                if message.attempts >= MAX_ATTEMPTS:
                    message.status = OutboxMessage.Status.FAILED
                message.next_attempt_at = now + dt.timedelta(minutes=2**message.attempts)
                message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
                log.warning("outbox delivery failed for %s", message.key)
                continue
            message.status = OutboxMessage.Status.SENT
            message.sent_at = now
            message.attempts += 1
            message.save(update_fields=["status", "sent_at", "attempts"])
            sent += 1
    return sent

"""Delivering outbox messages on every channel: claim, send, mark; retries with back-off; never twice.

1. A due message (pending and due, or "sending" whose worker's lease ran out) is claimed by a
   compare-and-set UPDATE on (status, next_attempt_at): of two workers only one gets row count 1.
   The claim commits before anything is sent, so no transaction stays open during SMTP.
2. The claimed message is sent outside any transaction by its channel's backend
   (notifications/channels), with an idempotency key derived from its outbox key: a Message-ID
   for e-mail, an `Idempotency-Key` header for the SMS and Zalo providers.
3. Success marks it sent; a transient failure (timeout, 5xx) puts it back to pending with an
   exponential back-off, and after MAX_ATTEMPTS marks it failed; a refusal (the provider says the
   message can never go) marks it failed at once.

The one case that can send twice is a worker dying (or the provider answering too late) between
the provider accepting a message and step 3; after the lease the message is retried
(at-least-once), and the stable key lets the provider recognise the copy and not send it again.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db.models import F

from core import clock
from notifications.channels import EMAIL, DeliveryRefused, backend
from notifications.models import ChannelChoice, OutboxMessage
from notifications.sealing import outbox_error_text, outbox_is_sealed, outbox_open

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
LEASE = dt.timedelta(minutes=5)
MAX_BACKOFF = dt.timedelta(hours=6)


def backoff(attempts: int) -> dt.timedelta:
    """2, 4, 8 … minutes after the n-th failed attempt, capped at six hours."""
    return min(dt.timedelta(minutes=2**attempts), MAX_BACKOFF)


def _claim(message: OutboxMessage, now: dt.datetime) -> bool:
    claimed = OutboxMessage.objects.filter(
        pk=message.pk, status=message.status, next_attempt_at=message.next_attempt_at
    ).update(status=OutboxMessage.Status.SENDING, next_attempt_at=now + LEASE, attempts=F("attempts") + 1)
    return claimed == 1


def _send(message: OutboxMessage) -> None:
    backend(message.channel).send(outbox_open(message))


def _ended(message: OutboxMessage) -> dict:
    """What else changes when delivery ends for good: a sealed message's address and text are
    erased (notifications.sealing), so the outbox keeps no way back to them."""
    return {"body": ""} if outbox_is_sealed(message) else {}


def _wanted(message: OutboxMessage) -> bool:
    """Whether the person still takes this channel (they may have turned it off since)."""
    user = message.user
    if user is None:
        return True
    if not user.is_active:
        return False
    if message.channel == EMAIL:
        return user.email_notifications
    return ChannelChoice.objects.filter(user=user, channel=message.channel, enabled=True).exists()


def outbox_deliver_due(*, limit: int = 100) -> int:
    """Send the messages whose time has come. Returns how many were sent."""
    now = clock.now()
    sent = 0
    due = (
        OutboxMessage.objects.filter(
            status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING], next_attempt_at__lte=now
        )
        .select_related("user")
        .order_by("next_attempt_at")[:limit]
    )
    for message in list(due):
        if not _claim(message, now):
            continue  # another worker has it
        attempts = message.attempts + 1
        if not _wanted(message):
            OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.SENDING).update(
                status=OutboxMessage.Status.SKIPPED
            )
            continue
        try:
            _send(message)
        except DeliveryRefused as exc:
            OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.SENDING).update(
                status=OutboxMessage.Status.FAILED, last_error=outbox_error_text(message, exc), **_ended(message)
            )
            log.warning("outbox delivery refused for %s on %s", message.key, message.channel)
            continue
        except Exception as exc:  # noqa: BLE001 - any transport failure is retried later
            failed = attempts >= MAX_ATTEMPTS
            OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.SENDING).update(
                status=OutboxMessage.Status.FAILED if failed else OutboxMessage.Status.PENDING,
                next_attempt_at=now + backoff(attempts),
                last_error=outbox_error_text(message, exc),
                **(_ended(message) if failed else {}),
            )
            log.warning("outbox delivery failed for %s (attempt %s)", message.key, attempts)
            continue
        OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.SENDING).update(
            status=OutboxMessage.Status.SENT, sent_at=now, last_error="", **_ended(message)
        )
        sent += 1
    return sent

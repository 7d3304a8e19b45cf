"""Celery tasks: thin wrappers around notification services."""

from celery import shared_task

from notifications.delivery import outbox_deliver_due


@shared_task(bind=True, max_retries=5, default_retry_delay=30, acks_late=True)
def outbox_deliver(self):
    """Deliver due outbox messages. Safe to run on several workers at once (rows are claimed).

    A failure of the run itself (database unavailable) is retried with back-off; failures of
    single messages are retried by the outbox's own schedule.
    """
    try:
        return outbox_deliver_due()
    except Exception as exc:  # noqa: BLE001 - retried; the periodic job covers the rest
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc

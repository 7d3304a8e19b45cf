"""Celery tasks: thin wrappers around the cases services."""

from celery import shared_task

from casework.cases.services.queued_intake import intake_queue_drain


@shared_task(bind=True, max_retries=5, default_retry_delay=30, acks_late=True)
def intake_drain(self):
    """Register the letters queued through the API. Safe on several workers at once (rows are
    claimed); a failed run is retried with back-off, and the periodic job covers the rest."""
    try:
        return intake_queue_drain()
    except Exception as exc:  # noqa: BLE001 - retried; the periodic job covers the rest
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc

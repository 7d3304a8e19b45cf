"""Celery tasks: thin wrappers around notification services."""

from celery import shared_task

from notifications.delivery import outbox_deliver_due


@shared_task(bind=True, max_retries=5, default_retry_delay=30)
def outbox_deliver(self):  # noqa: ANN001, ANN201
    return outbox_deliver_due()

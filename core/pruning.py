"""Deleting old rows of a table that may be large, a batch at a time."""

from __future__ import annotations

from django.db import models

BATCH_SIZE = 1000


def delete_in_batches(queryset: models.QuerySet, *, batch_size: int = BATCH_SIZE) -> int:
    """Delete the rows of `queryset`, `batch_size` primary keys per statement, and return how many.

    One DELETE of every old row would hold its locks (and the table's writers, on a busy table) for
    as long as the whole delete takes; a batch of keys is a short statement, committed on its own
    outside a transaction, so the work of the pages goes on between batches.
    """
    deleted = 0
    while True:
        pks = list(queryset.order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not pks:
            return deleted
        count, _by_model = queryset.filter(pk__in=pks).delete()
        deleted += count

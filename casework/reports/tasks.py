"""Celery side of background exports: load by id, call the service."""

from celery import shared_task


@shared_task
def export_job_task(job_id: int) -> str:
    from casework.reports.services import export_job_run

    return export_job_run(job_id=job_id).status

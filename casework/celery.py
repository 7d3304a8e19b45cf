"""The Celery application. Broker and backend come from settings (REDIS_URL)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.dev")

app = Celery("casework")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def setup_periodic_tasks(sender, **kwargs):
    # One schedule for beat and the embedded scheduler: casework.web.schedule.PERIODIC_JOBS.
    from casework.web.schedule import PERIODIC_JOBS

    for dotted, every in PERIODIC_JOBS:
        sender.add_periodic_task(float(every), periodic_job_signature(dotted), name=dotted)


def periodic_job_signature(dotted: str):
    return app.signature("casework.web.tasks.periodic_job", args=(dotted,))

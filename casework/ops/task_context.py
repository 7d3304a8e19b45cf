"""Carry the request id from the web request that queued a Celery task into the task's logs and audit events.

`before_task_publish` copies it into the message headers; `task_prerun` puts it back into
`casework.audit.context.request_meta` for the task's run; `task_postrun` restores the previous value.
Eager tasks (no broker) run inside the request, so they already see its id and are left alone.

`task_postrun` also records a heartbeat for `casework.web.tasks.periodic_job`, so jobs run by
Celery beat count for readiness just as those run by the embedded scheduler.
"""

from __future__ import annotations

import logging
import time

from celery.signals import before_task_publish, task_postrun, task_prerun

from casework.audit.context import current_meta, request_meta

log = logging.getLogger(__name__)

HEADER = "casework_request_id"
PERIODIC_TASK = "casework.web.tasks.periodic_job"

_tokens: dict[str, object] = {}
_started: dict[str, float] = {}


def _on_publish(sender=None, headers=None, **kwargs) -> None:
    request_id = current_meta().get("request_id")
    if request_id and headers is not None and HEADER not in headers:
        headers[HEADER] = request_id


def _on_prerun(task_id=None, task=None, **kwargs) -> None:
    _started[task_id] = time.monotonic()
    request_id = getattr(task.request, HEADER, None) if task is not None else None
    if request_id is None and task is not None:
        request_id = (getattr(task.request, "headers", None) or {}).get(HEADER)
    if request_id and request_id != current_meta().get("request_id"):
        _tokens[task_id] = request_meta.set({**current_meta(), "request_id": request_id})


def _on_postrun(task_id=None, task=None, args=None, state=None, retval=None, **kwargs) -> None:
    started = _started.pop(task_id, None)
    token = _tokens.pop(task_id, None)
    if token is not None:
        try:
            request_meta.reset(token)
        except ValueError:  # set in another context: nothing of ours to undo
            request_meta.set(None)
    if task is not None and task.name == PERIODIC_TASK and state == "SUCCESS" and args:
        from casework.ops.services import heartbeat_beat

        try:
            duration = time.monotonic() - started if started else None
            heartbeat_beat(str(args[0]), duration=duration, result=retval)
        except Exception:  # noqa: BLE001 - a heartbeat must never fail the job it reports on
            log.warning("could not record heartbeat for %s", args[0], exc_info=True)


def connect() -> None:
    before_task_publish.connect(_on_publish, weak=False, dispatch_uid="casework.ops.publish")
    task_prerun.connect(_on_prerun, weak=False, dispatch_uid="casework.ops.prerun")
    task_postrun.connect(_on_postrun, weak=False, dispatch_uid="casework.ops.postrun")

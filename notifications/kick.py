"""Asking a worker to deliver the outbox after a commit (throttled: core/task_kick.py)."""

from core.task_kick import TaskKick

outbox_kick = TaskKick("notifications.tasks.outbox_deliver", "OUTBOX_KICK_INTERVAL")

"""Asking a worker to deliver the outbox after a commit (throttled: casework/task_kick.py)."""

from casework.task_kick import TaskKick

outbox_kick = TaskKick("notifications.tasks.outbox_deliver", "OUTBOX_KICK_INTERVAL")

"""Writing notifications. Call inside the service transaction that caused them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import QuerySet

from casework import clock
from casework.compiled import CompiledQuery, SelectedRows
from casework.rows import Statement, insert_rows, insert_selected, run, selected_insert
from notifications.kick import outbox_kick
from notifications.models import Notification, OutboxMessage


def notify(
    *, users: Iterable[Any], title: str, body: str = "", url: str = "", unit: Any | None = None, key: str
) -> list[Notification]:
    """Notify each user in-app and, if they chose it, by e-mail through the outbox.

    `key` identifies the event (e.g. "deadline:42:breach"): notifying twice with the same key
    does nothing the second time, which keeps retried sweeps from sending storms.
    `users` may be a query of users or of their ids (`org.selectors.role_holders`): then the
    database picks them as it inserts.
    """
    if isinstance(users, QuerySet | SelectedRows):
        return _notify_selected(users, title=title, body=body, url=url, unit=unit, key=key)
    now = clock.now()
    recipients = list({u.pk: u for u in users if u is not None}.values())
    if not recipients:
        return []

    created = _insert_new(
        [Notification(user=u, title=title, body=body, url=url, unit=unit, key=key, created_at=now) for u in recipients]
    )
    mails = [
        {
            "key": f"{key}:email:{note.user.pk}",
            "user_id": note.user.pk,
            "recipient": note.user.email,
            "subject": title,
            "body": f"{body}\n\n{url}".strip(),
            "next_attempt_at": now,
            "created_at": now,
        }
        for note in created
        if note.user.email and note.user.email_notifications
    ]
    # A message already queued for this event (a retried sweep) is kept, not queued twice.
    insert_rows(OutboxMessage, mails, returning=(), skip_conflicts_on=("key",))
    if created:
        transaction.on_commit(outbox_kick)
    return created


@transaction.atomic
def notification_mark_read(*, user: Any, pk: int) -> Notification:
    """Mark one of the user's own notifications read (someone else's: DoesNotExist → 404)."""
    note = Notification.objects.select_for_update().get(pk=pk, user=user)
    if note.read_at is None:
        note.read_at = clock.now()
        note.save(update_fields=["read_at"])
    return note


@transaction.atomic
def notification_mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=clock.now())


@transaction.atomic
def user_set_email_notifications(*, user: Any, enabled: bool) -> Any:
    """The user's own choice: e-mail on or off. Messages already queued are skipped when off."""
    from casework.audit.services import audit_record
    from casework.org.models import User

    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.email_notifications == enabled:
        return locked
    before = {"email_notifications": locked.email_notifications}
    locked.email_notifications = enabled
    locked.save(update_fields=["email_notifications"])
    audit_record(
        actor=user,
        action="user.email_notifications",
        target=locked,
        before=before,
        after={"email_notifications": enabled},
    )
    return locked


# Everyone who takes e-mail; _notify_selected keeps, among them, the people it has just notified.
_MAILABLE = CompiledQuery(
    lambda: get_user_model().objects.filter(email_notifications=True).exclude(email="").values("id", "email")
)


def _notify_selected(
    users: QuerySet | SelectedRows, *, title: str, body: str, url: str, unit: Any, key: str
) -> list[Notification]:
    """`notify` for recipients given as a query: the notes and the e-mails written by INSERT …
    SELECT whatever their number, and no user row read into Python; one statement on PostgreSQL,
    two elsewhere (a case step told its chairs in three statements before)."""
    now = clock.now()
    note_values = {"title": title, "body": body, "url": url, "unit": unit, "key": key, "created_at": now}
    notes = selected_insert(
        Notification,
        users if isinstance(users, SelectedRows) else users.order_by().values("id"),
        columns={"user_id": "id"},
        values=note_values,
        returning=("id", "user_id"),
        skip_conflicts_on=("user_id", "key"),
    )
    mail = {
        # The key notify() gives each message: "<event key>:email:<user id>".
        "columns": {"key": ("%s || s.id", [f"{key}:email:"]), "recipient": "email", "user_id": "id"},
        "values": {"subject": title, "body": f"{body}\n\n{url}".strip(), "next_attempt_at": now, "created_at": now},
        "returning": (),
        "skip_conflicts_on": ("key",),
    }
    mailable = _MAILABLE.rows()
    if connection.vendor == "postgresql":
        # One round trip: the e-mails are written from the notes' own RETURNING rows (every case
        # step tells someone; the second statement was a tenth of an accept, transition_vs_floor).
        told = SelectedRows(
            f"SELECT m.* FROM ({mailable.sql}) m WHERE m.id IN (SELECT user_id FROM note)", mailable.params
        )
        mails = selected_insert(OutboxMessage, told, **mail)
        written = run(
            Statement(
                f"WITH note AS ({notes.sql}), mail AS ({mails.sql}) SELECT id, user_id FROM note",
                [*notes.params, *mails.params],
                returns=True,
            )
        )
    else:
        written = run(notes)
        if written:
            ids = sorted(user_id for _id, user_id in written)
            told = SelectedRows(
                f"SELECT m.* FROM ({mailable.sql}) m WHERE m.id IN ({', '.join(['%s'] * len(ids))})",
                [*mailable.params, *ids],
            )
            insert_selected(OutboxMessage, told, **mail)
    if not written:
        return []
    transaction.on_commit(outbox_kick)
    return [_as_saved(Notification(user_id=user_id, **note_values), pk) for pk, user_id in written]


def _as_saved(note: Notification, pk: int) -> Notification:
    """The note as the row just inserted with `pk` (what save() would have left)."""
    note.pk = pk
    note._state.adding = False
    note._state.db = connection.alias
    return note


def _insert_new(notes: list[Notification]) -> list[Notification]:
    """Insert the notes in one statement; a person already told of this event (a retried sweep)
    is skipped by the unique (user, key) constraint, without a savepoint or a second attempt.
    Returns the notes written, with their ids."""
    fields = ("user_id", "title", "body", "url", "unit_id", "key", "created_at")
    written = dict(
        insert_rows(
            Notification,
            [{f: getattr(n, f) for f in fields} for n in notes],
            returning=("user_id", "id"),
            skip_conflicts_on=("user_id", "key"),
        )
    )
    return [_as_saved(note, written[note.user_id]) for note in notes if note.user_id in written]

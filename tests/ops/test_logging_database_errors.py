"""A database error's message carries the row or parameters it refused (a letter's text, a denouncer's
identity): whichever logger writes it, through whichever formatter, its traceback keeps the frames and
loses the text (Luật Tố cáo 2018 Đ.47 khoản 1)."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction

from casework.ops.logging import REDACTED, JsonFormatter, RedactFilter, RequestIdFilter, TextFormatter
from casework.reception.models import ReceptionEntry

pytestmark = pytest.mark.django_db

SECRET = "Nguyễn Thị Tố Giác 0912345678"


def _refused_row() -> IntegrityError:
    """A real IntegrityError from the database in use, whose text carries SECRET."""
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        if connection.vendor == "sqlite":
            # SQLite names the constraint only; a trigger's RAISE carries a text as PostgreSQL's
            # "Failing row contains (...)" does.
            with connection.cursor() as cursor:
                cursor.execute(
                    "CREATE TEMP TRIGGER refuse_visit BEFORE INSERT ON reception_receptionentry "
                    f"BEGIN SELECT RAISE(ABORT, 'Failing row contains ({SECRET})'); END"
                )
        # people_count 0 breaks reception_entry_people_positive: PostgreSQL quotes the whole row.
        ReceptionEntry.objects.create(
            session_id=1,
            received_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
            visitor_ciphertext="",
            people_count=0,
            content=SECRET,
            classification="other",
            handling_route="answered",
            recorded_by_id=1,
        )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS refuse_visit")
    assert SECRET in str(raised.value)  # the premise: the error itself carries the text
    return raised.value


def _write(logger_name: str, formatter: logging.Formatter, emit) -> str:
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    handler.addFilter(RedactFilter())
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    old_level, logger.level = logger.level, logging.INFO
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return buffer.getvalue()


@pytest.mark.parametrize("formatter", [TextFormatter, JsonFormatter, logging.Formatter])
@pytest.mark.parametrize("logger_name", ["casework.cases.services.queued_intake", "django.request", "celery"])
def test_a_logged_integrity_error_keeps_its_frames_and_loses_its_text(logger_name, formatter):
    error = _refused_row()

    def emit(logger):
        try:
            raise error
        except IntegrityError:
            logger.exception("intake submission %s could not be registered", 7)
        try:
            try:
                raise error
            except IntegrityError as exc:
                raise RuntimeError(f"while saving: {exc}") from exc
        except RuntimeError as exc:
            logger.error("failed: %s (%r)", exc, exc.__cause__, exc_info=True)
            logger.warning("without the traceback: %(error)s", {"error": exc.__cause__})
            logger.warning("as an extra", extra={"error": exc.__cause__})

    raw = _write(logger_name, formatter(), emit)
    assert SECRET not in raw and "0912345678" not in raw and "Failing row" not in raw
    # The frames stay: where it failed and how it got there.
    assert "Traceback (most recent call last)" in raw
    assert "_refused_row" in raw and "in emit" in raw
    assert "django.db.utils.IntegrityError" in raw and "direct cause" in raw
    assert "intake submission 7 could not be registered" in raw and REDACTED in raw
    if connection.vendor == "postgresql":
        assert "sqlstate=23514" in raw and "constraint=reception_entry_people_positive" in raw


def test_the_json_line_carries_the_redacted_traceback():
    error = _refused_row()

    def emit(logger):
        try:
            raise error
        except IntegrityError:
            logger.exception("export job failed")

    (line,) = [json.loads(text) for text in _write("casework.reports", JsonFormatter(), emit).splitlines()]
    assert line["message"] == "export job failed"
    assert "Traceback (most recent call last)" in line["exc"] and SECRET not in line["exc"]


def test_every_configured_handler_redacts():
    """Every logger's records reach a handler of settings.LOGGING; each of them redacts."""
    handlers = settings.LOGGING["handlers"]
    assert handlers and all("redact" in handler.get("filters", []) for handler in handlers.values())
    assert settings.LOGGING["filters"]["redact"]["()"] == "casework.ops.logging.RedactFilter"


def test_the_configured_root_handler_redacts_a_record_of_any_logger():
    """Through settings.LOGGING's own console handler, from a logger nobody configured."""
    error = _refused_row()
    (console,) = [h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler) and h.filters]
    buffer = io.StringIO()
    stream = console.setStream(buffer)
    try:
        try:
            raise error
        except IntegrityError:
            logging.getLogger("some.library.nobody.configured").exception("it failed")
    finally:
        console.setStream(stream)
    assert "it failed" in buffer.getvalue() and "Traceback" in buffer.getvalue()
    assert SECRET not in buffer.getvalue()

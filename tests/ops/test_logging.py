"""Log lines: JSON with the request id, carried into Celery tasks, with no denouncer data."""

from __future__ import annotations

import json
import logging

import pytest
from celery import shared_task

from casework.audit.context import current_meta, request_meta
from casework.ops import task_context
from casework.ops.logging import REDACTED, TextFormatter

pytestmark = pytest.mark.django_db

log = logging.getLogger("tests.ops")


def _lines(buffer) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


def test_request_log_line_is_json_with_the_request_id(client, json_log):
    client.get("/healthz", HTTP_X_REQUEST_ID="req-42")
    (line,) = [entry for entry in _lines(json_log) if entry["logger"] == "casework.request"]
    assert line["request_id"] == "req-42"
    assert line["view"] == "ops:healthz"
    assert line["status"] == 200
    assert line["level"] == "INFO"


def test_a_hostile_request_id_cannot_forge_log_lines(client, json_log):
    client.get("/healthz", HTTP_X_REQUEST_ID='x"}\n{"level":"ERROR')
    (line,) = [entry for entry in _lines(json_log) if entry["logger"] == "casework.request"]
    assert line["request_id"] == "xlevel:ERROR"


def test_denouncer_data_in_extra_is_redacted(json_log):
    token = request_meta.set({"request_id": "r1"})
    try:
        log.info(
            "case received",
            extra={
                "case_id": 17,
                "denouncer": {"full_name": "Nguyễn Văn Tố", "phone": "0901234567"},
                "intake": {"submitter_email": "to@example.test", "channel": "online", "identity": "079123456789"},
                "address": "12 Lê Lợi",
            },
        )
        log.info("submitted %(who)s", {"who": "x", "phone": "0907654321"})
    finally:
        request_meta.reset(token)
    raw = json_log.getvalue()
    for secret in ("Nguyễn Văn Tố", "0901234567", "to@example.test", "079123456789", "12 Lê Lợi", "0907654321"):
        assert secret not in raw
    first = _lines(json_log)[0]
    assert first["request_id"] == "r1"
    assert first["case_id"] == 17
    assert first["denouncer"] == REDACTED
    assert first["intake"] == {"submitter_email": REDACTED, "channel": "online", "identity": REDACTED}


def test_request_bodies_never_reach_the_log(client, json_log):
    secret = "Trần Thị Người Tố Cáo 0912345678"
    client.post("/healthz", {"denouncer_name": secret, "content": secret})  # 405: the error path logs too
    client.post("/no-such-page/", {"denouncer_name": secret})
    raw = json_log.getvalue()
    assert "casework.request" in raw
    assert secret not in raw
    assert "0912345678" not in raw


def test_text_format_is_readable_and_carries_the_request_id():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello %s", ("world",), None)
    token = request_meta.set({"request_id": "abc"})
    try:
        text = TextFormatter().format(record)
    finally:
        request_meta.reset(token)
    assert text.endswith("INFO    x [abc] hello world")


@shared_task(name="tests.ops.log_request_id")
def log_request_id() -> str | None:
    logging.getLogger("tests.ops.task").info("inside task")
    return current_meta().get("request_id")


def test_the_request_id_travels_into_celery_tasks(json_log):
    # Publishing side: the id of the current request goes into the message headers.
    headers: dict = {}
    token = request_meta.set({"request_id": "web-7"})
    try:
        task_context._on_publish(headers=headers)
    finally:
        request_meta.reset(token)
    assert headers == {task_context.HEADER: "web-7"}
    # Worker side: the task runs with it, logs with it, and leaves nothing behind.
    result = log_request_id.apply(headers=headers)
    assert result.get() == "web-7"
    assert [entry["request_id"] for entry in _lines(json_log) if entry["logger"] == "tests.ops.task"] == ["web-7"]
    assert current_meta().get("request_id") is None


def test_the_json_log_setting_is_selected_by_env(monkeypatch):
    import importlib

    import settings.base as base

    monkeypatch.setenv("LOG_FORMAT", "json")
    try:
        assert importlib.reload(base).LOGGING["handlers"]["console"]["formatter"] == "json"
        monkeypatch.setenv("LOG_FORMAT", "xml")
        from django.core.exceptions import ImproperlyConfigured

        with pytest.raises(ImproperlyConfigured):
            importlib.reload(base)
    finally:
        monkeypatch.delenv("LOG_FORMAT")
        importlib.reload(base)

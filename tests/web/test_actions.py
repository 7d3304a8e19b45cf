"""The one way pages run a POSTed action (casework.web.actions): which action, which errors where."""

from __future__ import annotations

from unittest import mock

import pytest
from django import forms
from django.http import Http404
from django.test import RequestFactory

from casework.web.actions import (
    action_for,
    form_add_service_error,
    form_submit,
    message_service_error,
    service_error_text,
)
from core.errors import ConcurrentChange, OutOfScope, PolicyMissing, TransitionNotAllowed, ValidationFailed


class NoteForm(forms.Form):
    note = forms.CharField(required=True)
    full_name = forms.CharField(required=False)


def test_an_unknown_or_not_offered_action_is_a_404():
    table = {"accept": "A", "refuse": "R"}
    assert action_for("accept", table) == "A"
    assert action_for("refuse", table, offered=["refuse"]) == "R"
    with pytest.raises(Http404):
        action_for("delete", table)
    with pytest.raises(Http404):
        action_for("accept", table, offered=["refuse"])


def _bound(note: str = "ghi chú") -> NoteForm:
    form = NoteForm({"note": note})
    assert form.is_valid()
    return form


def test_field_errors_go_under_their_field_or_its_alias_else_on_top():
    form = _bound()
    form_add_service_error(
        form,
        ValidationFailed({"note": "Ghi chú: quá ngắn.", "submitters": ["Người gửi: thiếu họ tên."], "other": "Khác."}),
        aliases={"submitters": "full_name"},
    )
    assert form.errors["note"] == ["Ghi chú: quá ngắn."]
    assert form.errors["full_name"] == ["Người gửi: thiếu họ tên."]
    assert form.non_field_errors() == ["Khác."]


@pytest.mark.parametrize(
    "exc",
    [
        ConcurrentChange(),
        TransitionNotAllowed("Không được phép ở trạng thái này."),
        PolicyMissing("Chưa có chính sách thời hạn."),
        ValidationFailed({}, message="Dữ liệu không hợp lệ: thiếu nội dung."),
    ],
)
def test_other_refusals_are_shown_on_top_of_the_form(exc):
    form = _bound()
    form_add_service_error(form, exc)
    assert form.non_field_errors() == [exc.message]
    assert "note" not in form.errors


def test_out_of_scope_is_a_404_not_a_form_error():
    with pytest.raises(Http404):
        form_add_service_error(_bound(), OutOfScope("Không tìm thấy."))


@mock.patch("casework.web.actions.messages")
def test_form_submit_calls_the_service_only_with_valid_input(messages):
    request = RequestFactory().post("/x/")
    calls: list[dict] = []
    assert not form_submit(request, NoteForm({"note": ""}), calls.append, success="Xong.")
    assert calls == [] and not messages.success.called
    assert form_submit(request, NoteForm({"note": "được"}), calls.append, success="Xong.")
    assert calls == [{"note": "được", "full_name": ""}]
    messages.success.assert_called_once_with(request, "Xong.")


@mock.patch("casework.web.actions.messages")
def test_form_submit_reports_a_refusal_on_the_form_and_no_success(messages):
    form = NoteForm({"note": "được"})

    def refuse(data: dict) -> None:
        raise TransitionNotAllowed("Bạn không có quyền.")

    assert not form_submit(RequestFactory().post("/x/"), form, refuse, success="Xong.")
    assert form.non_field_errors() == ["Bạn không có quyền."]
    assert not messages.success.called


@mock.patch("casework.web.actions.messages")
def test_a_formless_action_shows_the_refusal_as_one_message(messages):
    request = RequestFactory().post("/x/")
    message_service_error(request, ValidationFailed({"reason": ["Phải nêu lý do."], "pdf": "Chọn tệp PDF."}))
    messages.error.assert_called_once_with(request, "Phải nêu lý do. Chọn tệp PDF.")
    messages.reset_mock()
    message_service_error(request, PolicyMissing("Chưa có chính sách thời hạn."))
    messages.error.assert_called_once_with(request, "Chưa có chính sách thời hạn.")
    with pytest.raises(Http404):
        message_service_error(request, OutOfScope("Không tìm thấy."))
    assert service_error_text(ValidationFailed({}, message="Dữ liệu không hợp lệ.")) == "Dữ liệu không hợp lệ."

"""A refused discipline proposal or ballot names the forms by their names, never their codes."""

from __future__ import annotations

from casework.cases.services.discipline import discipline_form_name, discipline_proposal_errors


def test_a_form_the_subject_s_scale_lacks_is_named_by_its_name():
    errors = discipline_proposal_errors(
        subject_kind="member", subject_name="Nguyễn Văn A", violation_forms=["giai_tan"], reason="Vi phạm"
    )
    assert errors["violation_forms"] == "Hình thức giải tán không áp dụng cho Đoàn viên."
    assert "giai_tan" not in errors["violation_forms"]


def test_a_value_that_is_no_form_is_quoted_and_cut_short():
    assert discipline_form_name("khai_tru") == "khai trừ"
    assert discipline_form_name("x" * 500) == f"“{'x' * 40}”"

"""Intake's duplicate hints never tie a denunciation to a named sender for a reader who may not learn who
denounced (Luật Tố cáo 2018 Đ.47 khoản 1): a complaint whose text is the denunciation's, from the same
person, is the denouncer's own letter under their name, so telling the reader the two letters read
alike names the denouncer. Who may see the identity (intake, before acceptance) still gets the hint."""

from __future__ import annotations

import pytest

from casework.cases.models import Kind
from casework.cases.permissions import can_reveal_identity
from casework.cases.selectors import case_duplicates, case_list
from tests.builders import intake, submitter

pytestmark = pytest.mark.django_db

LETTER = "Ban chấp hành CĐCS Bệnh viện chi quỹ phúc lợi năm 2025 sai quy chế, không công khai với đoàn viên."


def letter(cast, *, kind, name="Phạm Văn Nam", phone="0987654321", content=LETTER):
    return intake(
        cast.intake,
        cast.sector,
        kind=kind,
        title="Đơn về quỹ phúc lợi",
        content=content,
        submitters=[submitter(full_name=name, phone=phone, address="")],
        subject_unit=cast.hospital,
        subject_person="",
    )


def test_a_named_letter_reading_like_a_denunciation_is_no_hint_to_a_reader_who_may_not_learn_the_denouncer(
    cast, frozen_clock
):
    denunciation = letter(cast, kind=Kind.DENUNCIATION)
    complaint = letter(cast, kind=Kind.COMPLAINT)
    reader = cast.leader
    assert not can_reveal_identity(denunciation, reader)
    assert set(case_list(user=reader).values_list("pk", flat=True)) >= {denunciation.pk, complaint.pk}

    assert [d.case for d in case_duplicates(case=denunciation, user=reader)] == []
    assert [d.case for d in case_duplicates(case=complaint, user=reader)] == []
    # Intake, who checks the denouncer's identity before acceptance, is told, both ways.
    assert [d.case for d in case_duplicates(case=denunciation, user=cast.intake)] == [complaint]
    assert [d.case for d in case_duplicates(case=complaint, user=cast.intake)] == [denunciation]


def test_two_letters_whose_senders_the_reader_cannot_see_are_still_a_hint(cast, frozen_clock):
    first = letter(cast, kind=Kind.DENUNCIATION)
    second = letter(cast, kind=Kind.DENUNCIATION, name="Lê Thị Hoa", phone="0911222333")
    assert [d.case for d in case_duplicates(case=second, user=cast.leader)] == [first]

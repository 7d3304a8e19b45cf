"""A case's page in English: the log names each step in the reader's language, the suspension action
reads as a verb (not as the status it leads to), and a denouncer's particulars are withheld in English."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.translation import override

from casework.audit.labels import action_label
from casework.cases.models import Kind
from casework.cases.services import case_assign
from core.errors import TransitionNotAllowed
from tests.builders import accepted, make_case

pytestmark = pytest.mark.django_db


def _page(client, settings, user, case, language: str) -> str:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("cases:detail", args=[case.pk])).content.decode()


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", {"case.accept": "Accept", "case.assign": "Assign", "case.extend": "Extend"}),
        ("vi", {"case.accept": "Thụ lý", "case.assign": "Phân công", "case.extend": "Gia hạn"}),
    ],
)
def test_case_step_labels_follow_the_readers_language(language, labels):
    with override(language):
        assert {code: action_label(code) for code in labels} == labels


def test_the_log_of_a_case_names_its_steps_in_english(client, settings, cast, frozen_clock):
    case = case_assign(case=accepted(cast), actor=cast.chair, assignee=cast.officer)
    steps = re.findall(r'<span class="action">(.*?)</span>', _page(client, settings, cast.chair, case, "en"))
    assert {"Accept", "Assign"} <= set(steps)
    assert not {"Thụ lý", "Phân công"} & set(steps)


def test_a_refusal_names_the_step_as_a_verb_in_english(cast, frozen_clock):
    case = accepted(cast)
    with override("en"), pytest.raises(TransitionNotAllowed) as refused:
        case_assign(case=case, actor=cast.officer, assignee=cast.officer)
    assert "You may not assign case" in str(refused.value)


def test_the_suspension_action_is_offered_as_a_verb(client, settings, cast, frozen_clock):
    case = case_assign(case=accepted(cast), actor=cast.chair, assignee=cast.officer)
    client.force_login(cast.chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    titles = {
        a["name"]: str(a["title"]) for a in client.get(reverse("cases:detail", args=[case.pk])).context["actions"]
    }
    assert titles["suspend"] == "Suspend"
    assert case.get_status_display() != "Suspend"


def test_a_denouncers_particulars_are_withheld_in_the_readers_language(client, settings, cast, frozen_clock):
    case = make_case(cast, kind=Kind.DENUNCIATION)
    english = _page(client, settings, cast.chair, case, "en")
    vietnamese = _page(client, settings, cast.chair, case, "vi")
    assert "[withheld]" in english and "[đã ẩn danh]" not in english
    assert "[đã ẩn danh]" in vietnamese


def test_the_choices_of_the_case_forms_follow_the_readers_language(cast):
    from casework.cases import forms

    with override("en"):
        complexity = [
            str(label) for _v, label in forms.ComplexityForm(kind=Kind.DENUNCIATION).fields["complexity"].choices
        ]
        discipline = [str(label) for _v, label in forms.HandleForm().fields["discipline"].choices]
        scope = [str(label) for _v, label in forms.WithdrawForm().fields["scope"].choices]
    assert scope == ["Whole", "Partial (the rest goes on)"]
    assert complexity == ["Not complex", "Complex", "Especially complex (denunciations only)"]
    assert discipline == ["No discipline proposed", "Reprimand", "Warning", "Dismissal", "Expulsion"]
    with override("vi"):
        assert [str(label) for _v, label in forms.HandleForm().fields["discipline"].choices][1] == "Khiển trách"

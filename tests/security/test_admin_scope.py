"""The Django admin shows staff only the rows of the units their roles reach, like every page,
and never an attachment of a case they are recused from."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.cases.models import Case
from casework.files.models import Attachment
from casework.files.services import attachment_store
from casework.org.models import Role
from tests import builders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "inspections_flag",
    "inspections_inspection",
    "inspections_teammember",
    "workflows_deadline",
    "reception_receptionsession",
    "files_attachment",
    "cases_delegation",
    "cases_case",
]


def _staff(username: str, role: str, unit) -> object:
    user = UserFactory(username=username, roles=[(role, unit)], is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return user


def _attach(case: Case, cast, name: str) -> Attachment:
    return attachment_store(
        upload=SimpleUploadedFile(name, b"%PDF-1.4 bien ban", content_type="application/pdf"),
        target=case,
        unit=case.unit,
        actor=cast.intake,
    )


@pytest.fixture
def sector_rows(cast, frozen_clock):
    """A case with its file and clock, a flag, an inspection with its team and a reception session,
    all of the health-sector union and its hospital; the sector's delegation comes with the cast."""
    case = builders.make_case(cast)
    _attach(case, cast, "bien-ban.pdf")
    flag = builders.raise_flag(cast)
    inspection = builders.open_ad_hoc(cast, [flag])
    session = builders.make_session(cast)
    return {"case": case, "flag": flag, "inspection": inspection, "session": session}


def _count(client, name: str) -> int:
    response = client.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200, name
    return response.context["cl"].result_count


def test_staff_of_another_sector_see_no_row_of_the_health_sector(client, cast, sector_rows):
    client.force_login(_staff("staff_edu", Role.CASE_OFFICER, cast.other_sector))
    assert {name: _count(client, name) for name in CHANGELISTS} == dict.fromkeys(CHANGELISTS, 0)
    for name, obj in [
        ("inspections_flag", sector_rows["flag"]),
        ("inspections_inspection", sector_rows["inspection"]),
        ("reception_receptionsession", sector_rows["session"]),
    ]:
        response = client.get(reverse(f"admin:{name}_change", args=[obj.pk]))
        assert response.status_code == 302, name  # "does not exist": back to the admin index


def test_staff_of_the_sector_see_its_rows(client, cast, sector_rows):
    client.force_login(_staff("staff_health", Role.CASE_OFFICER, cast.sector))
    counts = {name: _count(client, name) for name in CHANGELISTS}
    assert all(counts[name] >= 1 for name in CHANGELISTS), counts
    response = client.get(reverse("admin:inspections_inspection_change", args=[sector_rows["inspection"].pk]))
    assert response.status_code == 200


def test_staff_recused_from_a_case_do_not_see_its_files(client, cast, frozen_clock):
    staff = _staff("staff_denounced", Role.CASE_OFFICER, cast.sector)
    about_them = builders.make_case(cast, subject_user=staff, subject_person=staff.full_name)
    other = builders.make_case(cast, title="Đơn khác về chế độ")
    _attach(about_them, cast, "ve-nguoi-bi-to-cao.pdf")
    _attach(other, cast, "don-khac.pdf")
    client.force_login(staff)
    response = client.get(reverse("admin:files_attachment_changelist"))
    shown = {a.target_id for a in response.context["cl"].result_list}
    assert shown == {str(other.pk)}
    hidden = Attachment.objects.get(target_id=str(about_them.pk))
    assert client.get(reverse("admin:files_attachment_change", args=[hidden.pk])).status_code == 302


def test_staff_recused_from_a_case_do_not_see_the_files_of_its_measures_reports(
    client, cast, frozen_clock, settings, tmp_path
):
    from casework.inspections import services

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    staff = UserFactory(
        username="staff_hospital_bch",
        roles=[(Role.BTV_MEMBER, cast.sector), (Role.BCH_MEMBER, cast.hospital)],
        is_staff=True,
    )
    staff.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    measure = builders.conclusion_measure(cast, builders.handled_denunciation(cast))
    report = services.followup_report(
        recommendation=measure,
        text="Đã thu hồi",
        actor=cast.subject_rep,
        uploads=[SimpleUploadedFile("giay-nop-tien.pdf", b"%PDF-1.4 giay nop tien")],
    )
    hidden = Attachment.objects.get(target_type="inspections.followupreport", target_id=str(report.pk))
    flag_file = attachment_store(
        upload=SimpleUploadedFile("so-quy.pdf", b"%PDF-1.4 so quy"),
        target=builders.raise_flag(cast),
        unit=cast.hospital,
        actor=cast.inspector,
    )
    client.force_login(staff)
    response = client.get(reverse("admin:files_attachment_changelist"))
    shown = {a.pk for a in response.context["cl"].result_list}
    assert hidden.pk not in shown and flag_file.pk in shown
    assert client.get(reverse("admin:files_attachment_change", args=[hidden.pk])).status_code == 302

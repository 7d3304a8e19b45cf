"""The subject-area taxonomy: seeded, versioned, edited only forward in time and by its administrators."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings

from casework.areas import selectors, services
from casework.areas.models import SubjectArea
from casework.audit.models import AuditEvent
from casework.org.models import Role
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _area(code: str) -> SubjectArea:
    return selectors.subject_areas_all().get(code=code)


def test_the_usual_areas_are_seeded_and_offered(frozen_clock):
    codes = [label.code for label in selectors.subject_areas_offered()]
    assert codes[:7] == [
        "che_do_chinh_sach",
        "tai_chinh_cong_doan",
        "to_chuc_can_bo",
        "bau_cu_dai_hoi",
        "quan_he_lao_dong",
        "dao_duc_loi_song",
        "khac",
    ]
    assert selectors.subject_area_label(_area("tai_chinh_cong_doan")) == "Tài chính công đoàn"
    assert str(selectors.subject_area_label(None)) == "Chưa phân loại"


def test_a_rename_is_a_new_version_and_the_old_name_stays_for_earlier_days(cast, frozen_clock):
    area = _area("to_chuc_can_bo")
    services.subject_area_rename(area=area, name="Tổ chức, cán bộ, đoàn viên", actor=cast.admin)
    area = _area("to_chuc_can_bo")
    assert selectors.subject_area_label(area) == "Tổ chức, cán bộ, đoàn viên"
    assert selectors.subject_area_label(area, day=clock.today() - dt.timedelta(days=1)) == "Tổ chức, cán bộ"
    assert [v.name for v in area.versions.all()] == ["Tổ chức, cán bộ", "Tổ chức, cán bộ, đoàn viên"]
    event = AuditEvent.objects.get(action="area.rename")
    assert (event.before["name"], event.after["name"]) == ("Tổ chức, cán bộ", "Tổ chức, cán bộ, đoàn viên")


def test_a_retired_area_is_no_longer_offered_but_still_named(cast, frozen_clock):
    area = _area("quan_he_lao_dong")
    services.subject_area_retire(area=area, actor=cast.admin)
    assert "quan_he_lao_dong" not in {label.code for label in selectors.subject_areas_offered()}
    assert selectors.subject_area_offered(code="quan_he_lao_dong") is None
    assert selectors.subject_area_label(_area("quan_he_lao_dong")) == "Quan hệ lao động"
    assert AuditEvent.objects.filter(action="area.retire").count() == 1


def test_a_new_area_is_offered_from_its_first_day(cast, frozen_clock):
    tomorrow = clock.today() + dt.timedelta(days=1)
    services.subject_area_create(
        code="an_toan_lao_dong", name="An toàn lao động", actor=cast.admin, valid_from=tomorrow
    )
    assert selectors.subject_area_offered(code="an_toan_lao_dong") is None
    assert selectors.subject_area_offered(code="an_toan_lao_dong", day=tomorrow) is not None


def test_a_version_cannot_take_effect_in_the_past(cast, frozen_clock):
    yesterday = clock.today() - dt.timedelta(days=1)
    with pytest.raises(ValidationFailed) as err:
        services.subject_area_rename(area=_area("khac"), name="Lĩnh vực khác", actor=cast.admin, valid_from=yesterday)
    assert "valid_from" in err.value.fields
    with pytest.raises(ValidationFailed):
        services.subject_area_create(code="moi", name="Mới", actor=cast.admin, valid_from=yesterday)
    assert [v.name for v in _area("khac").versions.all()] == ["Khác"]


@pytest.mark.parametrize(
    ("code", "name", "field"),
    [("khac", "Trùng mã", "code"), ("Có Dấu", "Tên", "code"), ("chua_phan_loai", "Tên", "code"), ("moi", "  ", "name")],
)
def test_bad_new_areas_are_refused_with_the_field_named(cast, frozen_clock, code, name, field):
    before = SubjectArea.objects.count()
    with pytest.raises(ValidationFailed) as err:
        services.subject_area_create(code=code, name=name, actor=cast.admin)
    assert field in err.value.fields
    assert SubjectArea.objects.count() == before


def test_only_a_top_unit_administrator_edits_the_taxonomy(cast, frozen_clock):
    sector_admin = UserFactory(username="qtnganh", roles=[(Role.ADMIN, cast.sector)])
    top_admin = UserFactory(username="qttinh", roles=[(Role.ADMIN, cast.province)])
    for user in (sector_admin, cast.chair, cast.officer):
        with pytest.raises(TransitionNotAllowed):
            services.subject_area_rename(area=_area("khac"), name="X", actor=user)
    services.subject_area_rename(area=_area("khac"), name="Lĩnh vực khác", actor=top_admin)
    assert selectors.subject_area_label(_area("khac")) == "Lĩnh vực khác"


INLINE = {"versions-TOTAL_FORMS": "0", "versions-INITIAL_FORMS": "0"}


def test_the_admin_edits_through_the_services(cast, frozen_clock, client):
    client.force_login(cast.admin)
    area = _area("khac")
    response = client.post(
        f"/admin/areas/subjectarea/{area.pk}/change/",
        {
            "name": "Lĩnh vực khác",
            "use": "",
            "valid_from": "",
            "note": "Theo QĐ",
            **INLINE,
            "versions-INITIAL_FORMS": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [v.name for v in _area("khac").versions.all()] == ["Khác", "Lĩnh vực khác"]
    past = (clock.today() - dt.timedelta(days=3)).isoformat()
    response = client.post(
        f"/admin/areas/subjectarea/{area.pk}/change/",
        {"name": "Sai", "use": "", "valid_from": past, "note": "", **INLINE},
    )
    assert response.status_code == 200
    assert "trước hôm nay" in response.content.decode()
    response = client.post(
        "/admin/areas/subjectarea/add/", {"code": "an_toan", "position": 80, "name": "An toàn", **INLINE}
    )
    assert response.status_code == 302
    assert selectors.subject_area_offered(code="an_toan") is not None


def test_an_area_reads_in_english_on_an_english_page_and_its_english_name_is_edited_as_a_version(
    cast, make_case, frozen_clock, client
):
    """The seeded areas have their English names; an administrator edits one as a new version (audited),
    and a reader in English sees it on the case page and in the list while a reader in Vietnamese keeps
    the Vietnamese one. An area without an English name reads in Vietnamese in both."""
    from django.utils import translation

    area = _area("tai_chinh_cong_doan")
    with translation.override("en"):
        assert selectors.subject_area_label(area) == "Trade union finance"
        assert ("tai_chinh_cong_doan", "Trade union finance") in selectors.subject_area_choices()
    assert selectors.subject_area_label(area) == "Tài chính công đoàn"
    services.subject_area_revise(area=area, name_en="Union finance", actor=cast.admin)
    event = AuditEvent.objects.get(action="area.rename")
    assert (event.before["name_en"], event.after["name_en"]) == ("Trade union finance", "Union finance")
    with pytest.raises(ValidationFailed) as err:  # the same English name again changes nothing
        services.subject_area_revise(area=_area("tai_chinh_cong_doan"), name_en="Union finance", actor=cast.admin)
    assert "name" in err.value.fields
    case = make_case()
    case.subject_area = area
    case.save(update_fields=["subject_area"])
    client.force_login(cast.intake)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<td id="subject-area">Union finance</td>' in client.get(f"/cases/{case.pk}/").content.decode()
    assert "<td>Union finance</td>" in client.get("/cases/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert '<td id="subject-area">Tài chính công đoàn</td>' in client.get(f"/cases/{case.pk}/").content.decode()
    services.subject_area_create(code="an_toan", name="An toàn", actor=cast.admin)
    with translation.override("en"):
        assert selectors.subject_area_label(_area("an_toan")) == "An toàn"

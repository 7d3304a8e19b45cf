"""The menu marks the one link, and so the one group, a page is under: the most specific link whose
URL starts the page's path, and the papers of a case, flag or inspection with that case, flag or
inspection rather than with the register of papers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.builders import raise_flag

pytestmark = pytest.mark.django_db


def _marked(response) -> list[tuple[str, str]]:
    """(group, link) of every link the menu marks as the current page."""
    return [
        (str(group["label"]), str(link["label"]))
        for group in response.context["nav_groups"]
        for link in group["links"]
        if link["current"]
    ]


def _groups(response) -> list[str]:
    return [str(group["label"]) for group in response.context["nav_groups"] if group["current"]]


PAGES = [
    ("chair", lambda objs: reverse("home"), ("Việc của tôi", "Trang chủ")),
    ("chair", lambda objs: reverse("tasks"), ("Việc của tôi", "Công việc theo quy trình")),
    ("leader", lambda objs: reverse("workflows:list"), ("Việc của tôi", "Chuyển cấp")),
    ("chair", lambda objs: reverse("cases:list"), ("Hồ sơ", "Đơn thư")),
    ("chair", lambda objs: reverse("cases:detail", args=[objs["case"].pk]), ("Hồ sơ", "Đơn thư")),
    ("chair", lambda objs: reverse("papers:target", args=["case", objs["case"].pk]), ("Hồ sơ", "Đơn thư")),
    ("chair", lambda objs: reverse("reception:list"), ("Hồ sơ", "Tiếp công dân")),
    ("chair", lambda objs: reverse("inspections:flag_list"), ("Kiểm tra", "Dấu hiệu vi phạm")),
    (
        "chair",
        lambda objs: reverse("inspections:flag_detail", args=[objs["flag"].pk]),
        ("Kiểm tra", "Dấu hiệu vi phạm"),
    ),
    ("chair", lambda objs: reverse("papers:target", args=["flag", objs["flag"].pk]), ("Kiểm tra", "Dấu hiệu vi phạm")),
    ("chair", lambda objs: reverse("inspections:plan_list"), ("Kiểm tra", "Kế hoạch kiểm tra")),
    ("chair", lambda objs: reverse("inspections:inspection_list"), ("Kiểm tra", "Cuộc kiểm tra")),
    ("chair", lambda objs: reverse("inspections:recommendation_list"), ("Kiểm tra", "Kiến nghị")),
    ("chair", lambda objs: reverse("reports:index"), ("Báo cáo", "Báo cáo")),
    ("chair", lambda objs: reverse("papers:register"), ("Báo cáo", "Sổ văn bản")),
    ("admin", lambda objs: reverse("papers:template_list"), ("Quản trị", "Mẫu văn bản")),
    ("admin", lambda objs: reverse("audit:search"), ("Quản trị", "Nhật ký kiểm toán")),
    ("admin", lambda objs: reverse("unit_tree"), ("Quản trị", "Cây đơn vị")),
    ("admin", lambda objs: reverse("privacy:requests"), ("Quản trị", "Yêu cầu của chủ thể dữ liệu")),
    # The export without a recorded request has no link of its own: it is reached from the register.
    ("admin", lambda objs: reverse("privacy:subject_access"), ("Quản trị", "Yêu cầu của chủ thể dữ liệu")),
]


@pytest.mark.parametrize(
    ("who", "url", "expected"), PAGES, ids=[f"{i}-{link}" for i, (_w, _u, (_g, link)) in enumerate(PAGES)]
)
def test_the_menu_marks_the_group_the_page_belongs_to(client, cast, make_case, who, url, expected):
    objs = {"case": make_case(), "flag": raise_flag(cast)}
    client.force_login(getattr(cast, who))
    response = client.get(url(objs))
    assert response.status_code == 200
    assert _marked(response) == [expected]
    assert _groups(response) == [expected[0]]


def test_the_papers_of_an_unknown_kind_answer_404(client, cast):
    client.force_login(cast.chair)
    assert client.get(reverse("papers:target", args=["nonsense", 1])).status_code == 404


def test_the_menu_has_one_entry_for_personal_data_requests_and_the_register_links_the_export(client, cast):
    client.force_login(cast.admin)
    response = client.get(reverse("home"))
    urls = [link["url"] for group in response.context["nav_groups"] for link in group["links"]]
    assert reverse("privacy:requests") in urls
    assert reverse("privacy:subject_access") not in urls
    register = client.get(reverse("privacy:requests")).content.decode()
    assert f'href="{reverse("privacy:subject_access")}"' in register

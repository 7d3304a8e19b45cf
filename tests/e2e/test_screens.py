"""The main pages at 1366 and 375 pixels: saved as screenshots, no sideways scroll on a phone,
a one-line header for the people with the longest menu, and dates shown dd/mm/yyyy.

Screenshots go to $CASEWORK_SCREENSHOTS (default: test-artifacts/screenshots/, git-ignored);
CI keeps them with the other test artifacts.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from casework.cases.models import Kind
from casework.cases.services.public import case_public_submit
from core import clock
from notifications.models import Notification
from tests import builders
from tests.e2e.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}
SCROLL_TOLERANCE = 2  # px: sub-pixel rounding of borders
HEADER_MAX = 56  # px: one line of menu at 1366 px measures ~40, two lines ~80
ISO_DATE = re.compile(r"\b(19|20)\d\d-\d\d-\d\d\b")


def _screens_dir() -> Path:
    target = Path(os.environ.get("CASEWORK_SCREENSHOTS") or ARTIFACTS / "screenshots")
    target.mkdir(parents=True, exist_ok=True)
    return target


def _world(cast):
    case = builders.make_case(cast, kind=Kind.COMPLAINT, title="Đơn khiếu nại về chế độ làm thêm giờ")
    flag = builders.raise_flag(cast)
    inspection = builders.open_ad_hoc(cast, [flag])
    _public_case, code = case_public_submit(
        kind=Kind.COMPLAINT,
        unit=cast.sector,
        title="Khiếu nại về tiền thưởng",
        content="Công đoàn cơ sở không chi tiền thưởng Tết theo quy chế.",
        full_name="Lê Văn Dân",
        phone="0987654321",
    )
    return case, inspection, code


def _iso_dates(page) -> list[str]:
    """ISO dates a person would read: in the text of the page and in the values of its inputs."""
    text = page.locator("body").inner_text()
    values = page.eval_on_selector_all("input:not([type=hidden])", "els => els.map(e => e.value)")
    return [m.group(0) for m in ISO_DATE.finditer(text + "\n" + "\n".join(values))]


def test_main_pages_at_1366_and_375_pixels(cast, open_session, frozen_clock):
    case, inspection, code = _world(cast)
    signed_in = [
        ("home", "/"),
        ("tasks", "/tasks/"),
        ("case-list", "/cases/"),
        ("case", f"/cases/{case.pk}/"),
        ("flag-list", "/inspections/flags/"),
        ("inspection", f"/inspections/{inspection.pk}/"),
        ("dashboard", f"/reports/dashboard/?unit={cast.sector.code}"),
        ("reports", "/reports/"),
    ]
    public = [("login", "/login/"), ("public-form", "/cases/public/submit/"), ("status", "/cases/public/status/")]
    out = _screens_dir()
    too_wide: dict[str, int] = {}
    iso: dict[str, list[str]] = {}
    shots = 0
    for viewport in (WIDE, PHONE):
        w = viewport["width"]
        for who, pages in ((cast.chair, signed_in), (None, public)):
            session = open_session(who, who=f"{getattr(who, 'username', 'anon')}-{w}", viewport=viewport)
            page = session.page
            for name, path in pages:
                with session.step(f"{w}px {name}"):
                    response = page.goto(path)
                    assert response.status == 200, (path, response.status)
                    page.screenshot(path=str(out / f"{name}-{w}.png"), full_page=True)
                    shots += 1
                    if w == PHONE["width"]:
                        scroll = page.evaluate("document.scrollingElement.scrollWidth")
                        if scroll > w + SCROLL_TOLERANCE:
                            too_wide[path] = scroll
                    if found := _iso_dates(page):
                        iso[path] = found
            if who is None:
                with session.step(f"{w}px status result"):
                    page.get_by_label("Mã tiếp nhận").fill(code)
                    with page.expect_navigation():
                        page.get_by_role("button", name="Tra cứu").click()
                    page.screenshot(path=str(out / f"status-result-{w}.png"), full_page=True)
                    shots += 1
                    assert "02/03/2026" in page.locator("main").inner_text()
                    if found := _iso_dates(page):
                        iso["status result"] = found
            session.close()
    assert not too_wide, f"Trang tràn ngang ở màn hình 375px: {too_wide}"
    assert not iso, f"Ngày hiển thị dạng ISO thay vì dd/mm/yyyy: {iso}"
    assert shots == 2 * (len(signed_in) + len(public) + 1)
    assert all((out / f"{name}-{w}.png").stat().st_size > 0 for name, _ in signed_in for w in (1366, 375))


@pytest.mark.parametrize("who", ["leader", "chair", "admin"])
def test_the_header_stays_on_one_line_at_1366_pixels(cast, open_session, frozen_clock, who):
    # Work waiting, some of it late: the menu shows both count badges where the person has tasks.
    builders.make_case(cast)
    frozen_clock.advance(dt.timedelta(days=60))
    builders.make_case(cast)
    person = getattr(cast, who)
    # The longest of real names: the header must not depend on whose it is.
    person.full_name = "Tôn Nữ Hoàng Thị Phương Nguyệt Quỳnh"
    person.save(update_fields=["full_name"])
    session = open_session(person, viewport=WIDE)
    page = session.page
    page.goto("/")
    if who == "chair":
        assert page.locator("header .nav-badge").count() == 2
    height = page.evaluate("document.querySelector('header.top').getBoundingClientRect().height")
    page.screenshot(path=str(_screens_dir() / f"header-{who}-1366.png"))
    assert height <= HEADER_MAX, f"{who}: header {height}px"
    # Kept on one line by shrinking the search box, not by pushing the page sideways.
    assert page.evaluate("document.scrollingElement.scrollWidth") <= WIDE["width"]
    # The menu is grouped: the group "Kiểm tra" opens onto its lists.
    page.locator("header details.dropdown summary", has_text="Kiểm tra").click()
    link = page.locator("header details.dropdown[open] a", has_text="Dấu hiệu vi phạm")
    assert link.is_visible()
    with page.expect_navigation():
        link.click()
    assert page.url.endswith("/inspections/flags/")


def test_the_task_count_stands_apart_from_the_next_menu_item(cast, open_session, frozen_clock):
    """An inspector's menu reads "Việc của tôi", the count, then "Hồ sơ": the count is set off by a divider
    and a gap, so that "4" is not read as "4 Đơn thư", and a screen reader names it "… việc cần làm"."""
    builders.open_ad_hoc(cast, [builders.raise_flag(cast)])  # the team's lead is to send the notice
    session = open_session(cast.inspector, viewport=WIDE)
    page = session.page
    page.goto("/")
    badge = page.get_by_role("link", name=re.compile(r"^\d+ việc cần làm$"))
    assert badge.count() == 1
    counts = page.locator("header li.nav-counts")
    after = page.locator("header li.nav-counts + li").locator("a, summary").first
    # Where the next item's name begins (a menu link's box reaches into the space before it).
    text_left = after.evaluate("el => el.getBoundingClientRect().left + parseFloat(getComputedStyle(el).paddingLeft)")
    gap = text_left - (badge.bounding_box()["x"] + badge.bounding_box()["width"])
    divider = counts.evaluate("el => parseFloat(getComputedStyle(el).borderRightWidth)")
    page.screenshot(
        path=str(_screens_dir() / "header-inspector-counts-1366.png"), clip={"x": 0, "y": 0, "width": 800, "height": 60}
    )
    assert divider >= 1 and gap >= 16, (divider, gap)


def test_a_page_asks_for_nothing_missing_not_even_an_icon(cast, open_session, frozen_clock):
    """Each page links the site's icon: a browser loading it finds every resource, none answers 404."""
    session = open_session(cast.officer, viewport=WIDE)
    page = session.page
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto("/cases/")
    icon = page.evaluate("document.querySelector('link[rel=icon]').href")
    assert page.request.get(icon).status == 200
    page.wait_for_load_state("networkidle")
    assert not failed, failed


# Where each part of the header sits: the menu's last item, the search box, and every other tool
# (notifications, language, account) that is shown.
HEADER_BOXES = """() => {
  const box = el => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top}; };
  const items = [...document.querySelectorAll('header .menu > li')].map(box);
  const tools = [...document.querySelectorAll('header .tools > li:not(.search)')].filter(li => li.offsetWidth > 0).map(box);
  const input = document.querySelector('header .tools > li.search input[type=search]').getBoundingClientRect();
  return {menuRight: Math.max(...items.map(b => b.right)), menuTop: Math.min(...items.map(b => b.top)), tools,
          search: box(document.querySelector('header .tools > li.search')), searchWidth: input.width,
          height: document.querySelector('header.top').getBoundingClientRect().height};
}"""


@pytest.mark.parametrize("width", [1280, 1366, 1024, 390, 375, 320])
def test_the_header_never_overlaps_and_keeps_its_tools_on_one_line(cast, open_session, frozen_clock, width):
    builders.make_case(cast)
    frozen_clock.advance(dt.timedelta(days=60))
    builders.make_case(cast)
    cast.chair.full_name = "Tôn Nữ Hoàng Thị Phương Nguyệt Quỳnh"
    cast.chair.save(update_fields=["full_name"])
    # A chair's unread count runs to three digits (the demo's reads 137).
    Notification.objects.bulk_create(
        Notification(user=cast.chair, title=f"Thông báo {n}", key=f"header-{n}", created_at=clock.now())
        for n in range(137)
    )
    session = open_session(cast.chair, viewport={"width": width, "height": 800})
    page = session.page
    page.goto("/")
    boxes = page.evaluate(HEADER_BOXES)
    page.screenshot(path=str(_screens_dir() / f"header-chair-{width}.png"))
    tools, search = boxes["tools"], boxes["search"]
    # The tools share one line (their tops differ by less than a line), none of them out of the window.
    tops = [t["top"] for t in tools]
    assert max(tops) - min(tops) < 12, tools
    assert max(t["right"] for t in [*tools, search]) <= width
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    if abs(search["top"] - boxes["menuTop"]) < 12:  # the menu and the tools on the same line: side by side
        assert boxes["menuRight"] <= search["left"], boxes
    # The search box keeps room for a name (8 rem), whatever the counts beside it: on a phone it takes a
    # row of its own, under the other tools.
    assert boxes["searchWidth"] >= 128, boxes
    if width <= 700:
        assert search["top"] > max(tops) + 12, boxes
    # One line from 1280 px, two lines down to a tablet, four on a phone (menu, menu, tools, search).
    limit = {1280: HEADER_MAX, 1366: HEADER_MAX, 1024: 80, 390: 140, 375: 140, 320: 140}[width]
    assert boxes["height"] <= limit, boxes["height"]
    # On a narrow screen the notifications link is a bell and its count, and still says what it is.
    link = page.locator("header .notifications-link")
    assert link.get_attribute("href") == "/notifications/" and "Thông báo" in link.inner_text()


def test_the_coverage_report_fits_a_1366_pixel_screen(cast, open_session, frozen_clock):
    """The chair's proof of 100 % coverage: seven numeric columns with long labels; their labels wrap
    rather than push the table (and the page) sideways on a laptop screen."""
    builders.raise_flag(cast)
    session = open_session(cast.chair, viewport=WIDE)
    page = session.page
    with session.step("coverage at 1366"):
        page.goto("/inspections/coverage/")
        page.screenshot(path=str(_screens_dir() / "coverage-1366.png"), full_page=True)
        assert page.locator("main table.table tbody tr").count() == 1
        table_right = page.evaluate("document.querySelector('main table.table').getBoundingClientRect().right")
        assert table_right <= WIDE["width"]
        assert page.evaluate("document.scrollingElement.scrollWidth") <= WIDE["width"] + SCROLL_TOLERANCE


def test_the_reception_book_fits_a_1366_pixel_screen(cast, open_session, frozen_clock):
    """The book's fifteen columns (Mẫu số 03/TCD), with long headings such as "Cơ quan, đơn vị thụ lý":
    the headings wrap, and the page never scrolls sideways on a laptop screen."""
    from casework.reception.services import reception_entry_record

    session_ = builders.make_session(cast)
    builders.make_visit(cast, session_)
    reception_entry_record(
        session=session_,
        actor=cast.chair,
        full_name="Hoàng Văn Hải",
        address="Xã Vũ Hội, huyện Vũ Thư",
        id_number="034085004321",
        content="Hỏi về chế độ trợ cấp ốm đau của đoàn viên hợp đồng.",
        classification="petition",
        handling_route="guided",
        guided_to="Bảo hiểm xã hội tỉnh Thái Bình",
        follow_up="Đã giải thích theo Luật Bảo hiểm xã hội.",
        note="Đến lần đầu",
    )
    browser_session = open_session(cast.chair, viewport=WIDE)
    page = browser_session.page
    with browser_session.step("reception book at 1366"):
        page.goto(f"/reception/{session_.pk}/")
        page.screenshot(path=str(_screens_dir() / "reception-book-1366.png"), full_page=True)
        assert page.locator("#reception-book tbody tr").count() == 2
        assert page.evaluate("document.scrollingElement.scrollWidth") <= WIDE["width"] + SCROLL_TOLERANCE

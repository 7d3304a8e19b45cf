"""The interface is Vietnamese first and fully available in English.

Every translatable string in our own code and templates must have an English translation in
locale/en/LC_MESSAGES/django.po, and the compiled .mo (committed; no GNU gettext needed at
runtime) must match the .po. Regenerate with `make messages`.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from tests.i18n.letters import GETTEXT_NAMES

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale/en/LC_MESSAGES/django.po"
MO = ROOT / "locale/en/LC_MESSAGES/django.mo"
SOURCE_DIRS = ["casework", "workflows", "notifications", "core", "settings"]

TRANSLATE_TAG = re.compile(r"""{%\s*(?:translate|trans)\s+(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")
BLOCK_TAG = re.compile(
    r"{%\s*blocktrans(?:late)?\b(?P<args>[^%]*)%}(?P<body>.*?){%\s*endblocktrans(?:late)?\s*%}", re.S
)
BLOCK_VAR = re.compile(r"{{\s*(\w+)\s*}}")


def _python_msgids(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name not in GETTEXT_NAMES:
            continue
        arg = node.args[1] if name.startswith("pgettext") and len(node.args) > 1 else node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value:
            found.add(arg.value)
    return found


def _template_msgids(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    found = {(a or b) for a, b in TRANSLATE_TAG.findall(text)}
    for block in BLOCK_TAG.finditer(text):
        body = block.group("body")
        if "trimmed" in block.group("args"):
            body = " ".join(line.strip() for line in body.strip().splitlines())
        singular = re.split(r"{%\s*plural\s*%}", body)[0]
        found.add(BLOCK_VAR.sub(r"%(\1)s", singular.replace("%", "%%")))
    return {m for m in found if m}


def our_msgids() -> dict[str, str]:
    """msgid → first file using it, across our apps (not third-party packages)."""
    msgids: dict[str, str] = {}
    for top in SOURCE_DIRS:
        for path in sorted((ROOT / top).rglob("*")):
            if "migrations" in path.parts or not path.is_file():
                continue
            if path.suffix == ".py":
                ids = _python_msgids(path)
            elif path.suffix in {".html", ".txt"} and "templates" in path.parts:
                ids = _template_msgids(path)
            else:
                continue
            for msgid in ids:
                msgids.setdefault(msgid, str(path.relative_to(ROOT)))
    return msgids


def _normal(msgid: str) -> str:
    return msgid.replace("%%", "%")


def test_every_translatable_string_has_an_english_translation():
    catalog = polib.pofile(str(PO))
    translated = {_normal(e.msgid) for e in catalog if e.translated() and not e.obsolete}
    missing = {m: where for m, where in our_msgids().items() if _normal(m) not in translated}
    assert not missing, "Chưa dịch sang tiếng Anh (chạy `make messages` rồi dịch trong django.po):\n" + "\n".join(
        f"  {where}: {msgid!r}" for msgid, where in sorted(missing.items(), key=lambda kv: kv[1])
    )


def test_the_extractor_sees_python_and_template_strings():
    # Guards the check above against silently extracting nothing.
    ids = our_msgids()
    assert "Loại đơn" in ids  # forms.py, _()
    assert "Thao tác này không thể hoàn tác. Tiếp tục?" in ids  # {% translate %}
    assert "số lần gia hạn: %(n)s" in ids  # {% blocktranslate %}
    assert len(ids) > 500


def test_compiled_catalog_matches_the_po_file():
    po = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in polib.pofile(str(PO)) if e.translated()}
    mo = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in polib.mofile(str(MO))}
    assert po == mo, "locale/en/LC_MESSAGES/django.mo is stale: run `make messages`"


def test_the_catalog_keeps_no_obsolete_entries():
    # `make messages` drops them (--no-obsolete); an entry kept by hand under `#~` is dead weight.
    obsolete = polib.pofile(str(PO)).obsolete_entries()
    assert not obsolete, "Mục lỗi thời (#~) trong django.po:\n" + "\n".join(f"  {e.msgid!r}" for e in obsolete)


PLURAL_CALLS = frozenset({"ngettext", "ngettext_lazy", "npgettext", "npgettext_lazy", "ungettext", "ungettext_lazy"})
# `count counter=n` (the plural option), not a variable named count (`with count=n`).
PLURAL_TAG = re.compile(r"{%\s*blocktrans(?:late)?\b[^%]*\scount\s+\w+=[^%]*%}|{%\s*plural\s*%}")


def _plural_calls(source: str) -> list[int]:
    """Lines of `source` calling a plural gettext (ngettext, npgettext and their lazy forms)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in PLURAL_CALLS:
                lines.append(node.lineno)
    return lines


def _plural_tags(template: str) -> list[str]:
    return PLURAL_TAG.findall(template)


def test_the_plural_check_sees_plural_calls_and_tags():
    # Guards the check below against silently finding nothing.
    assert _plural_calls("from django.utils import translation\nx = translation.ngettext('a', 'b', n)\n") == [2]
    assert _plural_calls("y = npgettext_lazy('ctx', 'a', 'b', 'n')\n") == [1]
    assert _plural_calls("z = gettext('a')\n") == []
    assert _plural_tags("{% blocktranslate count n=total %}{{ n }} a{% plural %}{{ n }} b{% endblocktranslate %}")
    assert _plural_tags("{% blocktrans with a=b count counter=n trimmed %}x{% endblocktrans %}")
    assert not _plural_tags("{% blocktranslate with n=total %}Số kết quả: {{ n }}{% endblocktranslate %}")
    assert not _plural_tags("{% blocktranslate with n=page count=total %}Trang {{ n }}{% endblocktranslate %}")


def test_the_catalog_keeps_no_plural_forms():
    """Plural forms are not used: one Vietnamese form serves every number, and an English text that
    would need "1 result" / "2 results" is worded so that it does not ("Results: 2"), with
    `blocktranslate with`. Neither templates nor Python ask for one, and the catalogue keeps none."""
    found = []
    for top in SOURCE_DIRS:
        for path in sorted((ROOT / top).rglob("*")):
            if "migrations" in path.parts or not path.is_file():
                continue
            where = path.relative_to(ROOT)
            if path.suffix == ".py":
                found += [f"{where}:{line}" for line in _plural_calls(path.read_text(encoding="utf-8"))]
            elif path.suffix in {".html", ".txt"} and "templates" in path.parts:
                found += [f"{where}: {tag}" for tag in _plural_tags(path.read_text(encoding="utf-8"))]
    found += [f"django.po: {e.msgid!r}" for e in polib.pofile(str(PO)) if e.msgid_plural]
    assert not found, "Dạng số nhiều (dùng `blocktranslate with` và cách viết trung tính):\n" + "\n".join(
        f"  {f}" for f in found
    )


def test_gettext_returns_english_for_en_and_vietnamese_by_default():
    with translation.override("en"):
        assert translation.gettext("Loại đơn") == "Type of submission"
    with translation.override("vi"):
        assert translation.gettext("Loại đơn") == "Loại đơn"


@pytest.mark.django_db
def test_a_page_shows_english_when_the_reader_chose_it(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("login")).content.decode()
    assert "Username" in page and "Password" in page and 'lang="en"' in page
    assert "Tên đăng nhập" not in page
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    default = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Tên đăng nhập" in default and 'lang="vi"' in default


@pytest.mark.django_db
def test_the_language_switch_keeps_english_on_later_pages(client, cast):
    client.force_login(cast.officer)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("cases:list")})
    assert response.status_code == 302
    page = client.get(reverse("cases:list")).content.decode()
    assert "My work" in page and "Log out" in page and "Filter cases" in page
    assert "Việc của tôi" not in page


def test_dates_are_shown_day_month_year():
    import datetime as dt

    from django import forms
    from django.utils import formats

    from casework.web.widgets import DayInput

    day = dt.date(2026, 3, 9)
    with translation.override("vi"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "09/03/2026"
        assert forms.DateField().clean("09/03/2026") == day  # typed day-first
        assert forms.DateField().clean("2026-03-09") == day  # ISO still accepted (older links, scripts)
        # ...and a date field shows the day as it is typed back: dd/mm/yyyy.
        assert forms.DateInput().format_value(day) == "09/03/2026"
        assert DayInput().format_value(day) == "09/03/2026"


@pytest.mark.django_db
def test_case_list_filters_speak_english(client, cast):
    client.force_login(cast.officer)
    client.cookies["django_language"] = "en"
    body = client.get("/cases/").content.decode()
    assert ">All</option>" in body
    assert "Tất cả" not in body

"""Bad input to the API answers in Vietnamese: DRF's own messages (its vi catalogue has 20 of them)
come from locale/vi, with their placeholders intact."""

from __future__ import annotations

import re
from pathlib import Path

import polib
from django.utils import translation
from rest_framework import exceptions, fields, relations, serializers

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale/vi/LC_MESSAGES/django.po"
MO = ROOT / "locale/vi/LC_MESSAGES/django.mo"
EXCEPTIONS = (
    exceptions.ParseError,
    exceptions.AuthenticationFailed,
    exceptions.NotAuthenticated,
    exceptions.PermissionDenied,
    exceptions.NotFound,
    exceptions.MethodNotAllowed,
    exceptions.NotAcceptable,
    exceptions.UnsupportedMediaType,
    exceptions.Throttled,
)


def _drf_messages() -> set[str]:
    found = set()
    for module in (fields, serializers, relations):
        for value in vars(module).values():
            if isinstance(value, type):
                found |= {m._args[0] for m in getattr(value, "default_error_messages", {}).values()}
    return found | {cls.default_detail._args[0] for cls in EXCEPTIONS}


def test_every_drf_message_reads_in_vietnamese_with_its_placeholders():
    messages = _drf_messages()
    assert len(messages) > 60
    with translation.override("vi"):
        untranslated = sorted(m for m in messages if translation.gettext(m) == m)
        assert untranslated == []
        for m in messages:
            assert set(re.findall(r"{\w+}|%\(\w+\)\w", translation.gettext(m))) == set(
                re.findall(r"{\w+}|%\(\w+\)\w", m)
            ), m


def test_the_compiled_catalogue_matches_the_po():
    assert {e.msgid: e.msgstr for e in polib.mofile(str(MO))} == {
        e.msgid: e.msgstr for e in polib.pofile(str(PO)) if e.msgstr
    }

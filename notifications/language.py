"""The language notices and outbox messages are written in: the site's, whoever caused them.

A notice is stored as written and read by other people than the one whose action caused it; users
have no language of their own. So every notice, e-mail and SMS is written in the site's language
(settings.LANGUAGE_CODE, the committee's working language), never in the language of the request
that caused it: an officer using the English interface must not send English notices to colleagues.

Writers of notices therefore pass texts that are not rendered yet, and `notice_render` renders them
in the site's language:
- `gettext_lazy("...")` for a fixed text;
- a callable returning the text, for a text with values, e.g.
  `lambda: gettext("Quá hạn: %(title)s") % {"title": title}`: everything it translates (a status
  label, a summary) is translated when it is called, in the site's language;
- a plain `str` is taken as it is: what someone typed, a reference, or a text already rendered by
  `notice_render`. Never the result of `gettext(...)` (the request's language): tests/notifications
  /test_notice_language.py reads the code for that.

One exception: the receipt e-mail of the public form (cases.services.public.public_receipt_email) is
read by the citizen who sent the letter and by nobody else, so it is written in the language of the
form they used (the request's at submission), passed as `language` to `outbox_email_to_address`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import override

NoticeText: TypeAlias = "str | Promise | Callable[[], NoticeText]"


def site_language() -> override:
    """Translate in the site's language inside the block (e.g. a summary read before `notify`)."""
    return override(settings.LANGUAGE_CODE)


def notice_render(text: NoticeText, *, language: str | None = None) -> str:
    """`text` rendered in the site's language, or in `language` for the one message read only by the
    person whose request caused it (see the module's docstring)."""
    with override(language) if language else site_language():
        while callable(text):
            text = text()
        return str(text)

"""What a withdrawal naming no content of its own recorded on the case ("Toàn bộ", "Một số người trong
nhóm tố cáo rút tố cáo") is kept in its Vietnamese source and translated where it is shown; the lines
written in English by an officer reading in English take the source text. The English texts are
those of the catalogue when they were written. Typed contents are left as typed; the audit events
stay as they were recorded (the trail is append-only)."""

import re

from django.db import migrations

# English as written → the Vietnamese source.
SOURCES = {
    "All": "Toàn bộ",
    "Some of the group of denouncers withdrew the denunciation": "Một số người trong nhóm tố cáo rút tố cáo",
}
DATED = re.compile(r"(\d{2}/\d{2}/\d{4}: )(.*)")


def _in_source(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        dated = DATED.fullmatch(line)
        lines.append(f"{dated[1]}{SOURCES[dated[2]]}" if dated and dated[2] in SOURCES else line)
    return "\n".join(lines)


def to_source(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    candidates = Case.objects.exclude(withdrawn_content="").values_list("pk", "withdrawn_content")
    for pk, text in candidates.iterator():
        written = _in_source(text)
        if written != text:
            # Only this column: the case's version and status are not touched by a change of language.
            Case.objects.filter(pk=pk).update(withdrawn_content=written)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0024_expertise_requests"),
    ]

    operations = [migrations.RunPython(to_source, migrations.RunPython.noop)]

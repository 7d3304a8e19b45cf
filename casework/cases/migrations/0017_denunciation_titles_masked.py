"""Denunciation titles that name the denouncer are masked (Luật Tố cáo 2018 Đ.47 k1), as intake
masks every new one: `case_titles_mask` reads each sealed identity, masks the title, audits the
change and indexes the case again, through the current code (the audit chain and the search index
are written only by their services). On a database holding no sealed identity it does nothing."""

from django.db import migrations


def mask_titles(apps, schema_editor):
    if not apps.get_model("cases", "DenouncerIdentity").objects.exists():
        return
    from casework.cases.services.identity import case_titles_mask

    case_titles_mask()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0016_intake_payload_sealed"),
        ("audit", "0007_stored_canonical_text"),
        ("privacy", "0003_reception_keys"),
        ("search", "0002_trigram_index"),
    ]

    operations = [migrations.RunPython(mask_titles, migrations.RunPython.noop)]

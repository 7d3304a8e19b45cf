"""The days of each form of a publication: the meeting's day, its written notice and who it includes; the first
and, when known, the last day of the posting and of the web posting (Luật Tố cáo 2018 Đ.40; Nghị định
31/2019/NĐ-CP Đ.6 khoản 2; Luật Khiếu nại 2011 Đ.41 khoản 2, 3). A publication already recorded began each form on
its day of publication; its posting ran the days recorded, counted as they were then (the first day among them).
Reversible: backwards drops the columns."""

import datetime as dt

from django.db import migrations, models


def forwards(apps, schema_editor):
    ConclusionPublication = apps.get_model("cases", "ConclusionPublication")
    for row in ConclusionPublication.objects.order_by("pk").iterator():
        forms = set(row.forms or [])
        row.meeting_on = row.published_on if "meeting" in forms else None
        row.posting_from = row.published_on if "posting" in forms else None
        if row.posting_from and row.posting_days:
            row.posting_until = row.posting_from + dt.timedelta(days=row.posting_days - 1)
        row.portal_from = row.published_on if "portal" in forms else None
        row.save(update_fields=["meeting_on", "posting_from", "posting_until", "portal_from"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0043_verification_personally"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="conclusionpublication",
            options={
                "verbose_name": "công khai kết luận nội dung tố cáo, quyết định giải quyết khiếu nại lần hai",
                "verbose_name_plural": "công khai kết luận nội dung tố cáo, quyết định giải quyết khiếu nại lần hai",
            },
        ),
        migrations.AddField(
            model_name="conclusionpublication",
            name="meeting_attendees",
            field=models.JSONField(blank=True, default=list, verbose_name="thành phần tham dự cuộc họp"),
        ),
        migrations.AddField(
            model_name="conclusionpublication",
            name="meeting_notified_on",
            field=models.DateField(blank=True, null=True, verbose_name="ngày gửi văn bản thông báo cuộc họp"),
        ),
        migrations.AddField(
            model_name="conclusionpublication",
            name="meeting_on",
            field=models.DateField(blank=True, null=True, verbose_name="ngày họp công bố"),
        ),
        migrations.AddField(
            model_name="conclusionpublication",
            name="portal_from",
            field=models.DateField(blank=True, null=True, verbose_name="đăng tải từ ngày"),
        ),
        migrations.AddField(
            model_name="conclusionpublication",
            name="posting_from",
            field=models.DateField(blank=True, null=True, verbose_name="niêm yết từ ngày"),
        ),
        migrations.AddField(
            model_name="conclusionpublication",
            name="posting_until",
            field=models.DateField(blank=True, null=True, verbose_name="niêm yết đến hết ngày"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]

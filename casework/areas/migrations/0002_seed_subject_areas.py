"""The union's usual subject areas (lĩnh vực), in force from before any record the system holds."""

import datetime as dt

from django.db import migrations
from django.utils import timezone

SEED = [
    ("che_do_chinh_sach", "Chế độ, chính sách"),
    ("tai_chinh_cong_doan", "Tài chính công đoàn"),
    ("to_chuc_can_bo", "Tổ chức, cán bộ"),
    ("bau_cu_dai_hoi", "Bầu cử, đại hội"),
    ("quan_he_lao_dong", "Quan hệ lao động"),
    ("dao_duc_loi_song", "Đạo đức, lối sống"),
    ("khac", "Khác"),
]
SINCE = dt.date(2000, 1, 1)


def seed(apps, schema_editor):
    SubjectArea = apps.get_model("areas", "SubjectArea")
    SubjectAreaVersion = apps.get_model("areas", "SubjectAreaVersion")
    now = timezone.now()
    for position, (code, name) in enumerate(SEED, start=1):
        area, created = SubjectArea.objects.get_or_create(
            code=code, defaults={"position": position * 10, "created_at": now}
        )
        if created:
            SubjectAreaVersion.objects.create(area=area, name=name, valid_from=SINCE, created_at=now)


def unseed(apps, schema_editor):
    SubjectArea = apps.get_model("areas", "SubjectArea")
    SubjectAreaVersion = apps.get_model("areas", "SubjectAreaVersion")
    codes = [code for code, _name in SEED]
    SubjectAreaVersion.objects.filter(area__code__in=codes).delete()
    SubjectArea.objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("areas", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

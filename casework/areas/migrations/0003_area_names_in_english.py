"""Subject areas get an English name, shown to readers in English; the seeded areas are named."""

from django.db import migrations, models

# The seeded areas' English names, for the versions still carrying the seeded Vietnamese name.
ENGLISH = {
    ("che_do_chinh_sach", "Chế độ, chính sách"): "Benefits and policies",
    ("tai_chinh_cong_doan", "Tài chính công đoàn"): "Trade union finance",
    ("to_chuc_can_bo", "Tổ chức, cán bộ"): "Organisation and cadres",
    ("bau_cu_dai_hoi", "Bầu cử, đại hội"): "Elections and congresses",
    ("quan_he_lao_dong", "Quan hệ lao động"): "Labour relations",
    ("dao_duc_loi_song", "Đạo đức, lối sống"): "Ethics and conduct",
    ("khac", "Khác"): "Other",
}


def name_seeded_areas(apps, schema_editor):
    SubjectAreaVersion = apps.get_model("areas", "SubjectAreaVersion")
    for (code, name), english in ENGLISH.items():
        SubjectAreaVersion.objects.filter(area__code=code, name=name, name_en="").update(name_en=english)


class Migration(migrations.Migration):

    dependencies = [
        ('areas', '0002_seed_subject_areas'),
    ]

    operations = [
        migrations.AddField(
            model_name='subjectareaversion',
            name='name_en',
            field=models.CharField(blank=True, help_text='Hiển thị khi người đọc chọn tiếng Anh; để trống thì hiển thị tên tiếng Việt.', max_length=128, verbose_name='tên lĩnh vực bằng tiếng Anh'),
        ),
        migrations.RunPython(name_seeded_areas, migrations.RunPython.noop),
    ]

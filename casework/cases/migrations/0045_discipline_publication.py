"""The publication of a discipline decision on a denunciation's case (Luật Tố cáo 2018 Đ.40; Nghị định 31/2019/NĐ-CP
Đ.6), recorded once per decision with the same fields as a conclusion's."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0044_publication_periods_and_meeting'),
        ('files', '0002_attachment_identifying'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DisciplinePublication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('published_on', models.DateField(verbose_name='ngày công khai')),
                ('forms', models.JSONField(default=list, verbose_name='hình thức công khai')),
                ('meeting', models.CharField(blank=True, max_length=255, verbose_name='cuộc họp công bố, thành phần')),
                ('meeting_on', models.DateField(blank=True, null=True, verbose_name='ngày họp công bố')),
                ('meeting_notified_on', models.DateField(blank=True, null=True, verbose_name='ngày gửi văn bản thông báo cuộc họp')),
                ('meeting_attendees', models.JSONField(blank=True, default=list, verbose_name='thành phần tham dự cuộc họp')),
                ('posting_place', models.CharField(blank=True, max_length=255, verbose_name='nơi niêm yết')),
                ('posting_from', models.DateField(blank=True, null=True, verbose_name='niêm yết từ ngày')),
                ('posting_until', models.DateField(blank=True, null=True, verbose_name='niêm yết đến hết ngày')),
                ('posting_days', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='số ngày niêm yết liên tục')),
                ('portal', models.CharField(blank=True, max_length=255, verbose_name='cổng thông tin điện tử, mạng nội bộ')),
                ('portal_from', models.DateField(blank=True, null=True, verbose_name='đăng tải từ ngày')),
                ('portal_days', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='số ngày đăng tải liên tục')),
                ('portal_until', models.DateField(blank=True, null=True, verbose_name='đăng tải đến hết ngày')),
                ('media_name', models.CharField(blank=True, max_length=255, verbose_name='tên phương tiện thông tin đại chúng')),
                ('media_kind', models.CharField(blank=True, choices=[('print', 'Báo in'), ('radio', 'Báo nói'), ('television', 'Báo hình'), ('online', 'Báo điện tử, cổng thông tin điện tử')], max_length=16, verbose_name='loại phương tiện thông tin đại chúng')),
                ('media_times', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='số lần thông báo liên tục')),
                ('media_days', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='số ngày đăng liên tục')),
                ('note', models.TextField(blank=True, verbose_name='ghi chú')),
                ('text', models.TextField(verbose_name='nội dung công khai')),
                ('recorded_at', models.DateTimeField(verbose_name='ghi nhận lúc')),
                ('attachment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='files.attachment', verbose_name='tệp đính kèm')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='discipline_publications', to='cases.case', verbose_name='hồ sơ')),
                ('discipline', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='publication', to='cases.disciplineproceeding', verbose_name='quyết định kỷ luật')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'công khai quyết định xử lý kỷ luật người bị tố cáo',
                'verbose_name_plural': 'công khai quyết định xử lý kỷ luật người bị tố cáo',
            },
        ),
    ]

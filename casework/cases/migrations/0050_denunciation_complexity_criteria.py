"""The criteria a denunciation's complexity decision names (Nghị định 31/2019/NĐ-CP Đ.3 khoản 2, 3). A case already
decided complex keeps its flag and the decision recorded; no criterion is written for it: none was named."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0049_decision_received_on'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='complexity_criteria',
            field=models.JSONField(blank=True, default=list, verbose_name='tiêu chí xác định vụ việc tố cáo phức tạp'),
        ),
    ]

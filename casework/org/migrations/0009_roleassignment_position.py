"""A role assignment's position in its body (chủ tịch, phó chủ tịch, ủy viên; chủ nhiệm, phó chủ nhiệm):
blank, not known, on every row already there, until an administrator enters it; a paper signed meanwhile
prints its template's title (papers.services.paper_signer_title)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0008_unit_name_folded'),
    ]

    operations = [
        migrations.AddField(
            model_name='roleassignment',
            name='position',
            field=models.CharField(blank=True, choices=[('chair', 'Chủ tịch'), ('vice_chair', 'Phó Chủ tịch'), ('committee_chair', 'Chủ nhiệm'), ('committee_vice_chair', 'Phó Chủ nhiệm'), ('member', 'Ủy viên')], default='', max_length=32, verbose_name='chức vụ trong tập thể'),
        ),
        migrations.AddConstraint(
            model_name='roleassignment',
            constraint=models.CheckConstraint(condition=models.Q(('position', ''), models.Q(('position__in', ['chair', 'vice_chair', 'member']), ('role__in', ['btv_member', 'bch_member'])), models.Q(('position__in', ['committee_chair', 'committee_vice_chair', 'member']), ('role__in', ['committee_chair', 'inspector'])), _connector='OR'), name='org_role_position_fits', violation_error_message='Chủ tịch, Phó Chủ tịch là chức vụ của Ban Chấp hành, Ban Thường vụ; Chủ nhiệm, Phó Chủ nhiệm của Ủy ban kiểm tra; vai trò khác không có chức vụ.'),
        ),
    ]

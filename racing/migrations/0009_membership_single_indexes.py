"""Memberships lose their single-column indexes on entry and on group: the unique (entry, group)
and the (group, entry) index begin with each, so the two were only written, never needed."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('racing', '0008_group_membership'),
    ]

    operations = [
        migrations.AlterField(
            model_name='groupmembership',
            name='entry',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                    related_name='memberships', to='racing.entry'),
        ),
        migrations.AlterField(
            model_name='groupmembership',
            name='group',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                    related_name='memberships', to='racing.group'),
        ),
    ]

"""Entry.groups' table becomes the declared model GroupMembership (the same table, columns
and constraints, so the state alone changes), then gains its index on (group, entry): a
group's entries are listed from it in entry order."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('racing', '0007_rank_blocks'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='GroupMembership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name='ID')),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                    related_name='memberships', to='racing.entry')),
                        ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                    related_name='memberships', to='racing.group')),
                    ],
                    options={
                        'db_table': 'racing_entry_groups',
                        'unique_together': {('entry', 'group')},
                    },
                ),
                migrations.AlterField(
                    model_name='entry',
                    name='groups',
                    field=models.ManyToManyField(blank=True, related_name='entries', through='racing.GroupMembership',
                                                 to='racing.group'),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name='groupmembership',
            index=models.Index(fields=['group', 'entry'], name='membership_group_entry'),
        ),
    ]

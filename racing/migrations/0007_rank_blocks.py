"""Ranks in blocks: a rank row's place is its `rank_in_block` plus its RankBlock's offset.

Storing each row's rank alone, a write that moves ranks updated every slower row of its
brackets: about 15,000 rows for a status PUT in a 20,000-entry race with an OPEN and a SEX
bracket, 66 ms of a 93 ms PUT on PostgreSQL (bench/writes.py). With blocks of about 128
rows such a write changes the offset of each slower block and row by row only the block or
two its times fall into (racing/ranking.py). The ranks already stored stay as they are
(offset 0); every bracket's ranked rows are grouped into blocks here.
"""
import django.db.models.deletion
from django.db import migrations, models


def group_into_blocks(apps, schema_editor):
    from racing.ranking import insert_blocks

    for bracket_id in apps.get_model("racing", "Bracket").objects.using(schema_editor.connection.alias).values_list(
            "pk", flat=True):
        insert_blocks(bracket_id, schema_editor.connection)


def ungroup(apps, schema_editor):
    """Back to ranks stored whole: each row's rank with its block's offset added."""
    rows = apps.get_model("racing", "BracketRank").objects.using(schema_editor.connection.alias)
    rows.filter(block__isnull=False).update(rank_in_block=models.F("rank_in_block") + models.Subquery(
        apps.get_model("racing", "RankBlock").objects.filter(pk=models.OuterRef("block_id")).values("rank_offset")))


class Migration(migrations.Migration):

    dependencies = [
        ('racing', '0006_bracketrank_fillfactor'),
    ]

    operations = [
        migrations.RenameField(
            model_name='bracketrank',
            old_name='rank',
            new_name='rank_in_block',
        ),
        migrations.CreateModel(
            name='RankBlock',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rank_offset', models.IntegerField(default=0)),
                ('low_time', models.FloatField()),
                ('high_time', models.FloatField()),
                ('bracket', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rank_blocks', to='racing.bracket')),
                ('interval', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rank_blocks', to='racing.interval')),
            ],
        ),
        migrations.AddField(
            model_name='bracketrank',
            name='block',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='members', to='racing.rankblock'),
        ),
        migrations.AddIndex(
            model_name='rankblock',
            index=models.Index(fields=['bracket', 'interval', 'low_time'], name='rank_block_order'),
        ),
        migrations.RunPython(group_into_blocks, ungroup),
    ]

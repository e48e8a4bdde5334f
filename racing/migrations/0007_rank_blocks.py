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

BLOCK = 128  # ranked rows per block, racing.ranking.BLOCK when this migration was written


def group_into_blocks(apps, schema_editor):
    """Each bracket's ranked rows in blocks of BLOCK in time order, offset 0 (the rows hold
    their whole rank); a row joins the block with the greatest low time not above its own,
    as a row added later does (racing.ranking.RankRows.block_for)."""
    ranked = "bracket_id = %s AND unranked = %s AND entry_is_test = %s"
    with schema_editor.connection.cursor() as cursor:
        for bracket_id in apps.get_model("racing", "Bracket").objects.using(
                schema_editor.connection.alias).values_list("pk", flat=True):
            cursor.execute(
                "INSERT INTO racing_rankblock (bracket_id, interval_id, rank_offset, low_time, high_time) "
                "SELECT %s, n.interval_id, 0, MIN(n.sort_time), MAX(n.sort_time) FROM ("
                "SELECT interval_id, sort_time, (ROW_NUMBER() OVER (PARTITION BY interval_id ORDER BY sort_time, "
                f"result_id) - 1) / %s AS seq FROM racing_bracketrank WHERE {ranked}) n GROUP BY n.interval_id, n.seq",
                [bracket_id, BLOCK, bracket_id, False, False])
            cursor.execute(
                "UPDATE racing_bracketrank SET block_id = (SELECT b.id FROM racing_rankblock b "
                "WHERE b.bracket_id = racing_bracketrank.bracket_id AND b.interval_id = racing_bracketrank.interval_id "
                f"AND b.low_time <= racing_bracketrank.sort_time ORDER BY b.low_time DESC LIMIT 1) WHERE {ranked}",
                [bracket_id, False, False])


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

"""BracketRank keeps a sort key (unranked, sort_time) instead of a stored position, so one
write changes a few rows instead of renumbering the race (racing/ranking.py)."""
from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

SLOWEST = 1e12  # racing.ranking.SLOWEST when this migration was written


def fill_sort_keys(apps, schema_editor):
    BracketRank = apps.get_model("racing", "BracketRank")
    Result = apps.get_model("racing", "Result")
    rows = BracketRank.objects.using(schema_editor.connection.alias)
    time = Subquery(Result.objects.filter(pk=OuterRef("result_id")).values("net_with_penalty")[:1])
    rows.update(sort_time=Coalesce(time, Value(SLOWEST), output_field=models.FloatField()))
    rows.filter(rank__isnull=True).update(unranked=True)


class Migration(migrations.Migration):

    dependencies = [
        ('racing', '0002_list_indexes'),
    ]

    operations = [
        migrations.RemoveIndex(model_name='bracketrank', name='rank_page_order'),
        migrations.RemoveField(model_name='bracketrank', name='position'),
        migrations.AddField(model_name='bracketrank', name='unranked', field=models.BooleanField(default=False)),
        migrations.AddField(model_name='bracketrank', name='sort_time', field=models.FloatField(default=SLOWEST),
                            preserve_default=False),
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='bracketrank',
            index=models.Index(fields=['bracket', 'interval', 'entry_is_test', 'unranked', 'sort_time', 'result'],
                               name='rank_page_order'),
        ),
    ]

from django.db import migrations, models


def finishers_are_confirmed(apps, schema_editor):
    """FIN entries become CONF: a confirmed entrant, finished or not, as clients expect."""
    apps.get_model("racing", "Entry").objects.filter(status="FIN").update(status="CONF")


class Migration(migrations.Migration):

    dependencies = [
        ('racing', '0004_list_order_indexes'),
    ]

    operations = [
        migrations.RunPython(finishers_are_confirmed, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='entry',
            name='status',
            field=models.CharField(choices=[('CONF', 'Confirmed'), ('DNS', 'Did Not Start'), ('DNF', 'Did Not Finish'), ('DQ', 'Disqualified')], default='CONF', max_length=4),
        ),
    ]

"""The `support` group holds the permission to search every request and run calls as a
customer; seed_demo (and staff in the admin) put people in the group by its name."""
from django.db import migrations

GROUP = "support"
CODENAME = "search_requests"


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="support", model="apirequest")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=CODENAME,
        defaults={"name": "Search every API request and run calls as a customer"})
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=GROUP):
        group.permissions.filter(codename=CODENAME, content_type__app_label="support").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0001_request_log"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, revoke)]

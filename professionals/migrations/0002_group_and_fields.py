"""The professionals' group and the fields of work the network starts with."""

from django.db import migrations

GROUP = "Fachkräfte"
FIELDS = [
    ("jugendhilfe", "Jugendhilfe"),
    ("gesundheitswesen", "Gesundheitswesen"),
    ("hebammenwesen", "Hebammenwesen"),
    ("beratung", "Beratung"),
    ("kita", "Kita"),
    ("schule", "Schule"),
    ("justiz", "Justiz"),
    ("migration", "Migration"),
    ("sozialpsychiatrie", "Sozialpsychiatrie"),
    ("fruehfoerderung", "Frühförderung"),
    ("eingliederungshilfe", "Eingliederungshilfe"),
]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    PartnerField = apps.get_model("professionals", "PartnerField")
    Group.objects.get_or_create(name=GROUP)
    for order, (code, name) in enumerate(FIELDS):
        PartnerField.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [
        ("professionals", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

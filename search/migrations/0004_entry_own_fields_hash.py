from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_entry_builder"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="own_fields_hash",
            field=models.CharField(
                blank=True, default="", max_length=40, verbose_name="own fields' hash"
            ),
        ),
    ]

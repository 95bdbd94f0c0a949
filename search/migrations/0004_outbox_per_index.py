"""The outbox serves every index: rows name their index ("offers" for the existing ones) and
the object's id instead of an offer id."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_packed_entry_fields"),
    ]

    operations = [
        migrations.RenameField(model_name="indexupdate", old_name="offer_id", new_name="object_id"),
        migrations.AlterField(
            model_name="indexupdate",
            name="object_id",
            field=models.IntegerField(verbose_name="object id"),
        ),
        migrations.AddField(
            model_name="indexupdate",
            name="index",
            field=models.CharField(default="offers", max_length=50, verbose_name="index"),
        ),
        migrations.AddIndex(
            model_name="indexupdate",
            index=models.Index(fields=["index", "object_id"], name="search_update_object"),
        ),
    ]

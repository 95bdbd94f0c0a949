from django.db import migrations


def install(apps, schema_editor):
    from offers_directory.vocabularies import install_vocabularies

    install_vocabularies(
        apps.get_model("offers_directory", "Taxonomy"),
        apps.get_model("offers_directory", "TaxonomyTerm"),
        apps.get_model("offers_directory", "Language"),
    )


class Migration(migrations.Migration):
    dependencies = [("offers_directory", "0002_offers")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]

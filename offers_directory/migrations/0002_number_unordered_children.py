"""Numbers the orderable child objects that pages created outside the admin were given without
a number (the importer's and the demo's batch path before it numbered them): unnumbered, the
database returns an offer's locations, areas, opening hours, contacts and translations in no
defined order. The children of a parent that has any unnumbered one are numbered in their
current order: numbered ones first, as numbered, then the others in the order they were
written (by id). Nothing else changes; undoing it leaves the numbers."""

from collections import defaultdict

from django.db import migrations
from django.db.models import F

# (model, its parental key to the page that orders it)
CHILDREN = (
    ("OfferLocation", "page"),
    ("OfferServiceArea", "page"),
    ("OfferSchedule", "page"),
    ("OfferTranslation", "page"),
    ("ContactPerson", "offer"),
    ("ContactPerson", "organization"),
)
PARENTS_PER_BATCH = 1000


def number_unordered_children(apps, schema_editor) -> None:
    for model_name, parent in CHILDREN:
        model = apps.get_model("offers_directory", model_name)
        parent_id = f"{parent}_id"
        parents = sorted(
            set(
                model.objects.filter(sort_order__isnull=True, **{f"{parent}__isnull": False})
                .values_list(parent_id, flat=True)
            )
        )
        for start in range(0, len(parents), PARENTS_PER_BATCH):
            rows = model.objects.filter(
                **{f"{parent_id}__in": parents[start : start + PARENTS_PER_BATCH]}
            ).order_by(parent_id, F("sort_order").asc(nulls_last=True), "pk")
            # Few distinct numbers (an offer has a handful of locations): one UPDATE per
            # number and chunk is far quicker than a CASE per row.
            changed: dict[int, list[int]] = defaultdict(list)
            previous, position = None, 0
            for pk, key, number in rows.values_list("pk", parent_id, "sort_order"):
                position = position + 1 if key == previous else 0
                previous = key
                if number != position:
                    changed[position].append(pk)
            for position, pks in changed.items():
                for chunk in range(0, len(pks), 500):
                    model.objects.filter(pk__in=pks[chunk : chunk + 500]).update(
                        sort_order=position
                    )


class Migration(migrations.Migration):
    dependencies = [("offers_directory", "0001_squashed_0009_offer_translations")]

    operations = [
        migrations.RunPython(number_unordered_children, migrations.RunPython.noop, elidable=True),
    ]

"""Creating many new Wagtail pages under one parent with a few bulk statements.

The end state is the one `Page.add_child` + a first revision + publishing leave for each
page (what the importer's one-save `create_page` produces): the page and its specific row in
the tree (path, depth, the parent's numchild, url_path, a unique slug, the parent's locale),
its cluster children (ParentalKey relations) and ParentalManyToMany links, one revision
(latest, and live when published), the history entries "created" and "published", Wagtail's
own search index (its backends' bulk add) and the reference index. What it does not do is send
the per-page signals (post_save, page_published): whatever listens to them — the project's
search outbox, geocoding of pending addresses — has to be caught up by the caller.

Nothing here knows the project's models: it works on any page class through Wagtail's,
treebeard's and modelcluster's model metadata, and skips `save()` and `full_clean()`, so a
model whose `save()` changes field values would differ; tests/test_benchmarks.py compares
pages made here with pages the importer made, field by field."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import slugify

from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from modelsearch.backends import get_search_backends

BATCH = 500  # rows per INSERT: far below PostgreSQL's and SQLite's parameter limits


class BulkPageCreator:
    """creator.add(parent, page) for each new page, creator.flush() to write them. Keeps the
    sibling slugs and the next tree position of each parent between flushes, so it must be
    the only writer of new children under those parents while it lives."""

    def __init__(self, *, publish: bool = True) -> None:
        self.publish = publish
        self._pending: dict[int, tuple[Page, list[Page]]] = {}
        self._slugs: dict[int, set[str]] = {}
        self._next_step: dict[int, int] = {}

    def add(self, parent: Page, page: Page) -> None:
        self._pending.setdefault(parent.pk, (parent, []))[1].append(page)

    def flush(self) -> list[Page]:
        """Writes the pending pages (parents in the order they were first used); returns
        them, saved."""
        created: list[Page] = []
        # Pages that point at other pending pages (an offer at its new provider) go last.
        groups = sorted(
            self._pending.values(), key=lambda group: any(map(_has_unsaved_target, group[1]))
        )
        with transaction.atomic():
            for parent, pages in groups:
                self._create(parent, pages)
                created.extend(pages)
            self._pending.clear()
        return created

    # --- one parent ------------------------------------------------------------------

    def _create(self, parent: Page, pages: list[Page]) -> None:
        now = timezone.now()
        parent = Page.objects.select_for_update().get(pk=parent.pk)
        self._place(parent, pages, now)
        self._insert_rows(pages)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
        self._insert_children(pages)
        self._insert_revisions(pages, now)
        self._insert_log_entries(pages, now)
        for backend in get_search_backends(with_auto_update=True):
            for model, group in _by_class(pages).items():
                backend.add_bulk(model, group)
        self._insert_references(pages)

    def _place(self, parent: Page, pages: list[Page], now: Any) -> None:
        if parent.pk not in self._slugs:
            self._slugs[parent.pk] = set(parent.get_children().values_list("slug", flat=True))
            last = parent.get_last_child()
            self._next_step[parent.pk] = (
                Page._str2int(last.path[-Page.steplen :]) + 1 if last is not None else 1
            )
        slugs = self._slugs[parent.pk]
        depth = parent.depth + 1
        allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
        for page in pages:
            page.depth = depth
            page.path = Page._get_path(parent.path, depth, self._next_step[parent.pk])
            page.numchild = 0
            self._next_step[parent.pk] += 1
            if not page.slug:
                base = slugify(page.title, allow_unicode=allow_unicode) or "page"
                page.slug, suffix = base, 1
                while page.slug in slugs:
                    suffix += 1
                    page.slug = f"{base}-{suffix}"
            slugs.add(page.slug)
            page.set_url_path(parent)
            page.draft_title = page.draft_title or page.title
            page.locale_id = page.locale_id or parent.locale_id
            page.live = self.publish
            page.has_unpublished_changes = not self.publish
            page.latest_revision_created_at = now
            if self.publish:
                page.first_published_at = page.first_published_at or now
                page.last_published_at = now
            _resolve_foreign_keys(page)
            _empty_unset_relations(page)

    @staticmethod
    def _insert_rows(pages: list[Page]) -> None:
        """The Page rows (ids from the database), then each inherited table's own columns."""
        base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
        bases = [
            Page(**{f.attname: getattr(page, f.attname) for f in base_fields}) for page in pages
        ]
        Page.objects.bulk_create(bases, batch_size=BATCH)
        for page, base in zip(pages, bases, strict=True):
            page.pk = page.id = base.id
            page._state.adding = False
            page._state.db = base._state.db
        for model, group in _by_class(pages).items():
            # The tables between Page and the page's own class, from the top down.
            for table in reversed((model, *model._meta.get_parent_list())):
                if table is Page or table._meta.abstract:
                    continue
                for obj in group:
                    link = table._meta.pk
                    setattr(obj, link.attname, obj.id)
                for start in range(0, len(group), BATCH):
                    # Django's bulk_create refuses multi-table inheritance; the queryset's
                    # insert of the table's own columns is what Model.save_base runs.
                    table._base_manager._insert(
                        group[start : start + BATCH],
                        fields=table._meta.local_concrete_fields,
                        using=group[0]._state.db,
                    )

    @staticmethod
    def _insert_children(pages: list[Page]) -> None:
        children: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        links: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        for page in pages:
            for relation in get_all_child_relations(type(page)):
                for item in getattr(page, relation.get_accessor_name()).all():
                    setattr(item, relation.field.attname, page.pk)
                    children[relation.related_model].append(item)
            for field in get_all_child_m2m_relations(type(page)):
                through = field.remote_field.through
                for target in getattr(page, field.name).all():
                    links[through].append(
                        through(
                            **{
                                f"{field.m2m_field_name()}_id": page.pk,
                                f"{field.m2m_reverse_field_name()}_id": target.pk,
                            }
                        )
                    )
        for model, items in (*children.items(), *links.items()):
            model.objects.bulk_create(items, batch_size=BATCH)

    def _insert_revisions(self, pages: list[Page], now: Any) -> None:
        revisions = [
            Revision(
                content_object=page,
                base_content_type=page.get_base_content_type(),
                content=page.serializable_data(),
                object_str=str(page),
                created_at=now,
            )
            for page in pages
        ]
        Revision.objects.bulk_create(revisions, batch_size=BATCH)
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision = revision
            page.live_revision = revision if self.publish else None
        # Each page's (only) revision, found by the revisions' own index: one UPDATE.
        revision = Subquery(
            Revision.objects.filter(
                base_content_type_id=revisions[0].base_content_type_id,
                object_id=Cast(OuterRef("pk"), output_field=CharField()),
            ).values("pk")[:1]
        )
        Page.objects.filter(pk__in=[page.pk for page in pages]).update(
            latest_revision=revision, live_revision=revision if self.publish else None
        )

    def _insert_log_entries(self, pages: list[Page], now: Any) -> None:
        entries = []
        for page in pages:
            common = {
                "page_id": page.pk,
                "content_type": ContentType.objects.get_for_model(page, for_concrete_model=False),
                "label": page.get_admin_display_title(),
                "timestamp": now,
                "data": {},
            }
            entries.append(PageLogEntry(action="wagtail.create", **common))
            if self.publish:
                entries.append(
                    PageLogEntry(
                        action="wagtail.publish",
                        revision=page.live_revision,
                        content_changed=True,
                        **common,
                    )
                )
        PageLogEntry.objects.bulk_create(entries, batch_size=BATCH)

    @staticmethod
    def _insert_references(pages: list[Page]) -> None:
        """ReferenceIndex.create_or_update_for_object for objects that have no rows yet:
        the same rows, one INSERT."""
        rows = []
        for page in pages:
            if not ReferenceIndex.is_indexed(type(page)):
                continue
            content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
            top = [type(page), *type(page)._meta.get_parent_list()][-1]
            base_content_type = ContentType.objects.get_for_model(top, for_concrete_model=False)
            for target_type, target_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(page)
            ):
                rows.append(
                    ReferenceIndex(
                        content_type=content_type,
                        base_content_type=base_content_type,
                        object_id=page.pk,
                        to_content_type_id=target_type,
                        to_object_id=target_id,
                        model_path=model_path,
                        content_path=content_path,
                        content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                    )
                )
        ReferenceIndex.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def _by_class(pages: Iterable[Page]) -> dict[type[Page], list[Page]]:
    grouped: dict[type[Page], list[Page]] = defaultdict(list)
    for page in pages:
        grouped[type(page)].append(page)
    return grouped


def _empty_unset_relations(page: Page) -> None:
    """A new page has no rows in the child relations nobody assigned (e.g. Wagtail's
    comments): say so in memory, or serialising and indexing it would ask the database once
    per relation and page."""
    assigned = getattr(page, "_cluster_related_objects", {})
    for relation in get_all_child_relations(type(page)):
        if relation.get_accessor_name() not in assigned:
            setattr(page, relation.get_accessor_name(), [])
    for field in get_all_child_m2m_relations(type(page)):
        if field.name not in assigned:
            setattr(page, field.name, [])


def _has_unsaved_target(obj: models.Model) -> bool:
    return any(
        field.many_to_one
        and field.is_cached(obj)
        and getattr(obj, field.attname) is None
        and field.get_cached_value(obj) is not None
        for field in obj._meta.concrete_fields
    )


def _resolve_foreign_keys(obj: models.Model) -> None:
    """A foreign key assigned an object that was unsaved then (a page created in the same
    batch) gets that object's id now, as Model.save() would."""
    for field in obj._meta.concrete_fields:
        if field.many_to_one and field.is_cached(obj) and getattr(obj, field.attname) is None:
            related = field.get_cached_value(obj)
            if related is not None:
                setattr(obj, field.attname, related.pk)
                field.set_cached_value(obj, related)  # setting the id dropped it

"""Creating pages outside the admin: the one path the importers, the demo and the test
factories take (`create_pages`, `create_page`).

A new page ends up as Wagtail's own sequence leaves it (add_child, save_revision, publish: what
the admin's "Publish" does): its row in the tree, one revision that is the latest and, when
published, the live one; the history entries "created" and (when published) "published"; the
page in Wagtail's search and reference indexes; and, for each live page, the `page_published`
and `published` signals, sent inside the transaction as Wagtail sends them, so their receivers
(geocoding, the offer search, a region's sections) schedule their work as for an editor's
publish. A draft gets no signal, as in Wagtail.

What differs is the cost. Wagtail's sequence saves a page three times, and every save validates
it, updates the search and reference indexes and runs the post_save handlers again. Here the
pages of one parent are written together: their tree paths computed for the batch of siblings
under a lock on the parent (as treebeard does for one), one INSERT per table for the pages,
their child objects (modelcluster relations), many-to-many rows, revisions and history entries,
one search-index and one reference-index write per batch. Like Django's bulk_create this sends
no pre_save/post_save for these rows and calls no save() method: what Wagtail does on a page's
post_save is done here, the project's receivers listen to page_published, and a model that
adjusts its fields on every save does it in `prepare_for_save()`, which its save() and this
module both call (for pages and their child objects).

A page scheduled to go live later (go_live_at in the future) takes Wagtail's own sequence,
which schedules it."""

from __future__ import annotations

import contextlib
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.db.models import CharField, F, Field, Model, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail.search import index as search_index
from wagtail.search.backends import get_search_backends_with_name
from wagtail.signals import page_published, published

logger = logging.getLogger(__name__)

# Context managers entered around the publish signals of one batch, so that an app whose
# receiver reacts to each page_published can do its work once for the batch (the offer
# search registers its database-copy batch: search/apps.py). The signals are still sent
# one per page.
SIGNAL_BATCHES: list[Callable[[], AbstractContextManager[Any]]] = []


def register_signal_batch(context: Callable[[], AbstractContextManager[Any]]) -> None:
    """Enter `context()` around the publish signals of every batch of new pages."""
    if context not in SIGNAL_BATCHES:
        SIGNAL_BATCHES.append(context)


def create_page(
    parent: Page, page: Page, *, publish: bool = True, user: Any = None, clean: bool = True
) -> Revision:
    """Add one new page below `parent`, live or as a draft; returns its revision."""
    return create_pages(parent, [page], publish=publish, user=user, clean=clean)[0]


@transaction.atomic
def create_pages(
    parent: Page,
    pages: Iterable[Page],
    *,
    publish: bool = True,
    user: Any = None,
    clean: bool = True,
) -> list[Revision]:
    """Add new pages (unsaved instances of any page models, with their child objects and
    many-to-many values set in memory) as the last children of `parent`, all live or all
    drafts. Returns their revisions, in order. Validation runs as in `Page.save` (full for a
    live page, title and slug for a draft); an empty slug becomes a free one derived from the
    title (``-2``, ``-3`` … as Wagtail does). All or nothing: one invalid page fails the call."""
    pages = list(pages)
    now = timezone.now()
    revisions: dict[int, Revision] = {}
    batch = []
    for position, page in enumerate(pages):
        if page.pk is not None or not page._state.adding:
            raise ValueError(f"{page!r} is saved already; create_pages adds new pages only")
        if publish and page.go_live_at and page.go_live_at > now:
            revisions[position] = _create_scheduled(parent, page, user)
        else:
            batch.append((position, page))
    if batch:
        created = _create_batch(parent, [page for _, page in batch], publish, user, clean, now)
        revisions.update(zip([position for position, _ in batch], created, strict=True))
    return [revisions[position] for position in range(len(pages))]


def _create_scheduled(parent: Page, page: Page, user: Any) -> Revision:
    page.live = False
    page.has_unpublished_changes = True
    parent.add_child(instance=page)
    revision = page.save_revision(user=user)
    revision.publish(user=user)
    return revision


def _create_batch(
    parent: Page, pages: list[Page], publish: bool, user: Any, clean: bool, now: Any
) -> list[Revision]:
    db = router.db_for_write(Page)
    for page in pages:
        _prepare(page, parent, publish, user, now)
    _assign_slugs(parent, pages)
    _assign_paths(parent, pages)
    for page in pages:
        page.url_path = f"{parent.url_path}{page.slug}/"
    if clean:
        _validate(pages, publish)
    shadows = _insert_pages(pages, db)
    _insert_children(pages)
    revisions = _insert_revisions(pages, shadows, publish, user, now)
    _log_history(pages, revisions, publish, user, now)
    _update_search_index(pages)
    _update_reference_index(pages)
    state = "live" if publish else "drafts"
    logger.debug("%d new pages (%s) below %s", len(pages), state, parent.url_path)
    if publish:
        with contextlib.ExitStack() as batches:
            for context in SIGNAL_BATCHES:
                batches.enter_context(context())
            for page, revision in zip(pages, revisions, strict=True):
                page_published.send(sender=page.specific_class, instance=page, revision=revision)
                published.send(sender=type(page), instance=page, revision=revision)
    for page in pages:
        # As after modelcluster's commit(): from now on the relations read the database.
        page.__dict__.pop("_cluster_related_objects", None)
    return revisions


def _prepare(page: Page, parent: Page, publish: bool, user: Any, now: Any) -> None:
    if page.alias_of_id:
        raise ValueError("create_pages does not create aliases")
    _prepare_for_save(page)
    # Validation and slug generation ask for the parent; it is known, not yet in the tree.
    page._cached_parent_obj = parent
    page.depth = parent.depth + 1
    if page.locale_id is None:
        page.locale_id = parent.locale_id
    if page.owner_id is None and user is not None:
        page.owner = user
    # Foreign keys given as objects (a provider created just before) become ids.
    page._prepare_related_fields_for_save(operation_name="create_pages")
    page.live = publish
    page.has_unpublished_changes = not publish
    page.draft_title = page.title
    page.latest_revision_created_at = now
    if publish:
        page.expired = False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = now


def _validate(pages: list[Page], publish: bool) -> None:
    """What Page.save checks: everything for a live page, title and slug for a draft. The
    checks that cost a query per page run once for the batch: the related rows each foreign
    key points to; uniqueness is left to the database (a new page's path and translation key
    are fresh, its slug is checked by _assign_slugs and Page.clean)."""
    if not publish:
        for page in pages:
            page.minimal_clean()
        return
    by_model: dict[type[Page], list[Page]] = defaultdict(list)
    for page in pages:
        by_model[type(page)].append(page)
    errors: dict[int, dict[str, list[str]]] = defaultdict(dict)
    for model, group in by_model.items():
        keys = [
            f
            for f in model._meta.concrete_fields
            if f.many_to_one or (f.one_to_one and not f.remote_field.parent_link)
        ]
        for page in group:
            # Page.clean asks the database whether the slug is free, once per page;
            # _assign_slugs has answered that for the batch, under the parent's lock.
            page._check_slug_is_unique = _slug_checked
            try:
                page.full_clean(exclude=[f.name for f in keys], validate_unique=False)
            except ValidationError as error:
                errors[id(page)].update(error.message_dict)
            finally:
                del page._check_slug_is_unique
        for field in keys:
            _check_related_rows(field, group, errors)
    for page in pages:
        if errors.get(id(page)):
            raise ValidationError(errors[id(page)])


def _slug_checked() -> None:
    pass


def _check_related_rows(field: Any, pages: list[Page], errors: dict[int, dict]) -> None:
    """ForeignKey.validate for a batch: one query for all pages' values."""
    values = {getattr(page, field.attname) for page in pages} - {None}
    related = field.remote_field.model._base_manager.filter(
        **{f"{field.remote_field.field_name}__in": values}
    ).complex_filter(field.get_limit_choices_to())
    found = set(related.values_list(field.remote_field.field_name, flat=True)) if values else set()
    for page in pages:
        value = getattr(page, field.attname)
        try:
            Field.validate(field, value, page)  # null, blank, choices
            if value is not None and value not in found:
                raise ValidationError(
                    field.error_messages["invalid"],
                    code="invalid",
                    params={
                        "model": field.remote_field.model._meta.verbose_name,
                        "pk": value,
                        "field": field.remote_field.field_name,
                        "value": value,
                    },
                )
        except ValidationError as error:
            errors[id(page)].setdefault(field.name, []).extend(error.messages)


def _assign_slugs(parent: Page, pages: list[Page]) -> None:
    """Free slugs for pages without one; a given slug must be free (as Page.clean checks)."""
    allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    siblings = parent.get_children()
    wanted = [page.slug or slugify(page.title, allow_unicode=allow_unicode) for page in pages]
    taken = set(siblings.filter(slug__in=set(wanted)).values_list("slug", flat=True))
    searched: set[str] = set()
    for page, slug in zip(pages, wanted, strict=True):
        if page.slug:
            if slug in taken:
                raise ValidationError({"slug": _slug_in_use(slug, parent)})
        elif slug:
            if slug in taken and slug not in searched:
                # Numbered variants already below the parent: one query per title.
                searched.add(slug)
                taken |= set(
                    siblings.filter(slug__startswith=f"{slug}-").values_list("slug", flat=True)
                )
            candidate, suffix = slug, 1
            while candidate in taken:
                suffix += 1
                candidate = f"{slug}-{suffix}"
            page.slug = candidate
        taken.add(page.slug)


def _slug_in_use(slug: str, parent: Page) -> str:
    # Wagtail's own message (and translation).
    return _(
        "The slug '%(page_slug)s' is already in use within the parent page at "
        "'%(parent_url_path)s'."
    ) % {"page_slug": slug, "parent_url_path": parent.url}


def _assign_paths(parent: Page, pages: list[Page]) -> None:
    """Tree paths after the parent's last child, as treebeard's add_child computes them one by
    one; the parent row is locked until the transaction ends, as treebeard locks it."""
    tree = Page
    locked = tree.objects.select_for_update().only("path", "depth", "numchild").get(pk=parent.pk)
    last = (
        tree.objects.filter(path__startswith=locked.path, depth=locked.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    step = tree._str2int(last[-tree.steplen :]) if last else 0
    max_length = tree._meta.get_field("path").max_length
    for page in pages:
        step += 1
        page.path = tree._get_path(locked.path, page.depth, step)
        if len(tree._int2str(step)) > tree.steplen or len(page.path) > max_length:
            raise ValueError(f"No free tree path below {parent.url_path}")
    tree.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild = locked.numchild + len(pages)


def _insert_pages(pages: list[Page], db: str) -> list[Page]:
    """One INSERT per table: the base page rows (returning their ids), then each model's own
    table in multi-table inheritance order. Returns the base rows, for the pointer updates."""
    fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    shadows = [Page(**{f.attname: getattr(page, f.attname) for f in fields}) for page in pages]
    if connections[db].features.can_return_rows_from_bulk_insert:
        Page.objects.using(db).bulk_create(shadows)
    else:
        for shadow in shadows:
            shadow.save_base(raw=True, force_insert=True, using=db)
    by_table: dict[type[Model], list[Page]] = defaultdict(list)
    for page, shadow in zip(pages, shadows, strict=True):
        page.id = shadow.id
        chain = [type(page), *type(page)._meta.get_parent_list()]
        for model in chain:
            for link in model._meta.parents.values():
                if link is not None:
                    setattr(page, link.attname, shadow.id)
            if model is not Page:
                by_table[model].append(page)
    connection = connections[db]
    for model in sorted(by_table, key=lambda m: len(m._meta.get_parent_list())):
        rows = by_table[model]
        local = list(model._meta.local_concrete_fields)
        size = connection.ops.bulk_batch_size(local, rows) or len(rows)
        for start in range(0, len(rows), size):
            # bulk_create refuses multi-table models; the base rows are written already, so
            # each table gets the INSERT bulk_create would issue for it.
            model._base_manager.using(db)._insert(rows[start : start + size], fields=local)
    for page in [*pages, *shadows]:
        page._state.adding = False
        page._state.db = db
    return shadows


def _insert_children(pages: list[Page]) -> None:
    """Write the child objects and many-to-many values held in memory (what modelcluster's
    commit() writes one row at a time), grouped per model, orderable ones numbered in list
    order where they have no number. Child objects get their ids, which
    the revisions record. They stay in memory until the signals are sent, as on the page
    Wagtail hands to page_published receivers (built from the revision)."""
    rows: dict[type[Model], list[Model]] = defaultdict(list)
    one_by_one: list[Model] = []
    links: dict[type[Model], list[Model]] = defaultdict(list)
    for page in pages:
        if "_cluster_related_objects" not in page.__dict__:
            page._cluster_related_objects = {}
        pending = page._cluster_related_objects
        for relation in get_all_child_relations(page):
            name = relation.get_accessor_name()
            # A relation never set has no rows yet: say so, or each read would ask the database.
            pending.setdefault(name, [])
            fk = relation.field
            for position, item in enumerate(pending[name]):
                setattr(item, fk.attname, getattr(page, fk.target_field.attname))
                _number_if_unordered(item, position)
                fk.set_cached_value(item, page)
                _prepare_for_save(item)
                if _writes_in_bulk(type(item)):
                    rows[type(item)].append(item)
                else:
                    one_by_one.append(item)
        for field in get_all_child_m2m_relations(page):
            pending.setdefault(field.name, [])
            through = field.remote_field.through
            source = through._meta.get_field(field.m2m_field_name()).attname
            target = through._meta.get_field(field.m2m_reverse_field_name()).attname
            for pk in dict.fromkeys(item.pk for item in pending[field.name]):
                links[through].append(through(**{source: page.pk, target: pk}))
    can_return = connections[router.db_for_write(Page)].features.can_return_rows_from_bulk_insert
    for model, items in rows.items():
        if can_return:
            model._default_manager.bulk_create(items)
        else:
            one_by_one.extend(items)
    for item in one_by_one:
        item.save()
    for through, items in links.items():
        through._default_manager.bulk_create(items)


def _number_if_unordered(item: Model, position: int) -> None:
    # An Orderable child without a number gets its place in the list, as the admin's inline
    # panels number theirs; unnumbered, the database returns them in no defined order.
    field = getattr(item, "sort_order_field", None)
    if field and getattr(item, field) is None:
        setattr(item, field, position)


def _prepare_for_save(instance: Model) -> None:
    prepare = getattr(instance, "prepare_for_save", None)
    if prepare is not None:
        prepare()


def _writes_in_bulk(model: type[Model]) -> bool:
    # A child with children of its own, or a multi-table one, is saved the ordinary way.
    return not model._meta.parents and not (
        get_all_child_relations(model) or get_all_child_m2m_relations(model)
    )


def _insert_revisions(
    pages: list[Page], shadows: list[Page], publish: bool, user: Any, now: Any
) -> list[Revision]:
    base_type = ContentType.objects.get_for_model(Page)
    revisions = [
        Revision(
            content_type=ContentType.objects.get_for_model(page),
            base_content_type=base_type,
            object_id=str(page.pk),
            user=user,
            content=page.serializable_data(),
            object_str=str(page),
            created_at=now,
        )
        for page in pages
    ]
    Revision.objects.bulk_create(revisions)
    for page, shadow, revision in zip(pages, shadows, revisions, strict=True):
        for row in (page, shadow):
            row.latest_revision = revision
            row.live_revision = revision if publish else None
    # Each page's own revision by a subquery: one short UPDATE (bulk_update would compile a
    # CASE branch per page, twice, which took longer than the revisions' INSERT).
    own = Subquery(
        Revision.objects.filter(
            pk__in=[revision.pk for revision in revisions],
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
        ).values("pk")[:1]
    )
    Page.objects.filter(pk__in=[shadow.pk for shadow in shadows]).update(
        latest_revision=own, live_revision=own if publish else None
    )
    return revisions


def _log_history(
    pages: list[Page], revisions: list[Revision], publish: bool, user: Any, now: Any
) -> None:
    """The entries Page.save ("created") and the publish action ("published") write."""
    context = get_active_log_context()
    entries: dict[type[Model], list[Model]] = defaultdict(list)
    for page, revision in zip(pages, revisions, strict=True):
        model = log_registry.get_log_model_for_instance(page)
        if model is None:
            continue
        common = {
            "content_type": ContentType.objects.get_for_model(page, for_concrete_model=False),
            "label": page.get_admin_display_title(),
            "timestamp": now,
            "data": {},
            "uuid": context.uuid,
            "page": page,
            "content_changed": True,
        }
        creator = user or page.owner or context.user
        entries[model].append(model(action="wagtail.create", user=creator, **common))
        if publish:
            publisher = user or context.user
            entries[model].append(
                model(action="wagtail.publish", user=publisher, revision=revision, **common)
            )
    for model, rows in entries.items():
        model.objects.bulk_create(rows)


def _update_search_index(pages: Sequence[Page]) -> None:
    """One write per model and search backend (Wagtail's page search, the admin's search)."""
    by_model: dict[type[Page], list[Page]] = defaultdict(list)
    for page in pages:
        by_model[type(page)].append(page)
    for model, objects in by_model.items():
        if not search_index.class_is_indexed(model) or not getattr(
            model, "search_auto_update", True
        ):
            continue
        for name, backend in get_search_backends_with_name(with_auto_update=True):
            try:
                backend.add_bulk(model, objects)
            except Exception:
                # As Wagtail's own signal handler: an index failure never fails the save.
                logger.exception("Search backend %r did not index %d pages", name, len(objects))


def _update_reference_index(pages: Sequence[Page]) -> None:
    """The references the pages hold (Wagtail's "usage" counts), in one INSERT. A new page has
    no rows yet, so this is create_or_update_for_object without its lookup of existing rows."""
    rows = []
    for page in pages:
        model = type(page)
        if not ReferenceIndex.is_indexed(model):
            continue
        types = [
            ContentType.objects.get_for_model(m, for_concrete_model=False)
            for m in [model, *model._meta.get_parent_list()]
        ]
        found = set(ReferenceIndex._extract_references_from_object(page))
        for to_content_type_id, to_object_id, model_path, content_path in found:
            rows.append(
                ReferenceIndex(
                    content_type=types[0],
                    base_content_type=types[-1],
                    object_id=page.pk,
                    to_content_type_id=to_content_type_id,
                    to_object_id=to_object_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
            )
    if rows:
        conflicts = connections[router.db_for_write(ReferenceIndex)].features
        ReferenceIndex.objects.bulk_create(
            rows, ignore_conflicts=conflicts.supports_ignore_conflicts
        )

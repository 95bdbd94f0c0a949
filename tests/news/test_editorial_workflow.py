"""Editors' workflow: coordinators create and publish news and events only in their own
region and use their region's images; network editors work everywhere; moderation where
MODERATED_REGIONS says (submit → the network editors approve), scheduled publishing and expiry
work as Wagtail users expect."""

import datetime
import io

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django.utils.text import slugify

from wagtail.images import get_image_model
from wagtail.images.models import Image
from wagtail.models import Page, Workflow, WorkflowPage
from wagtail.permissions import policy_registry

import pytest
from freezegun import freeze_time
from PIL import Image as PillowImage

from events.models import EventIndexPage, EventPage
from home.factories import ImageFactory, UserFactory
from home.models import RegionPage
from home.permissions import NETWORK_EDITORS_GROUP
from home.structure import setup_region
from home.workflows import WORKFLOW_NAME
from news.factories import NewsPageFactory
from news.models import NewsPage, PressContact
from tests.demo_pages import add_region, news_index, region, region_collection

pytestmark = pytest.mark.django_db


def coordinator_of(slug: str, name: str | None = None):
    return UserFactory(groups=[region(slug).coordinator_group], username=name or f"koord-{slug}")


def _slug(title: str) -> str:
    return slugify(
        title.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    )


def news_form(title: str, **extra) -> dict:
    data = {
        "title": title,
        "slug": _slug(title),
        "date": "2026-11-20",
        "teaser": "Kurzer Anlesetext.",
        "image_credit": "",
        "body-count": "0",
        "tags": "Fachtag",
        "seo_title": "",
        "search_description": "",
    }
    data.update(extra)
    return data


def event_form(title: str, **extra) -> dict:
    data = {
        "title": title,
        "slug": _slug(title),
        "start": "2027-03-10 14:00",
        "end": "2027-03-10 16:00",
        "teaser": "",
        "body-count": "0",
        "venue_name": "Kreishaus",
        "street": "",
        "postal_code": "",
        "city": "Winsen (Luhe)",
        "latitude": "",
        "longitude": "",
        "audience": "Fachkräfte",
        "organiser": "",
        "registration_url": "",
        "registration_deadline": "",
        "registration_note": "",
    }
    data.update(extra)
    return data


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (120, 80), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def form_errors(response) -> str:
    form = response.context and response.context.get("form")
    return str(form.errors.as_data()) if form is not None else str(response.status_code)


def add_url(model: str, parent) -> str:
    return f"/admin/pages/add/{model}/{parent.pk}/"


def events_index(slug: str) -> EventIndexPage:
    return EventIndexPage.objects.descendant_of(region(slug)).get()


def test_coordinators_create_and_publish_only_in_their_region(client, demo):
    regions = list(RegionPage.objects.order_by("slug"))
    for own in regions:
        coordinator = coordinator_of(own.slug)
        client.force_login(coordinator)
        for other in regions:
            allowed = other.pk == own.pk
            news_title = f"{own.slug} schreibt in {other.slug}"
            event_title = f"Termin {own.slug} in {other.slug}"
            for model, index, form, title in (
                (NewsPage, news_index(other.slug), news_form, news_title),
                (EventPage, events_index(other.slug), event_form, event_title),
            ):
                response = client.post(
                    add_url(model._meta.label_lower.replace(".", "/"), index),
                    form(title, **{"action-publish": "action-publish"}),
                )
                created = model.objects.filter(title=title)
                if allowed:
                    assert response.status_code == 302, form_errors(response)
                    assert created.get().live
                else:
                    assert response.status_code in (302, 403) and not created.exists(), (own, other)
        client.logout()


def test_coordinator_cannot_publish_or_edit_another_regions_news(client, demo):
    foreign = NewsPage.objects.descendant_of(region("heidekreis")).first()
    client.force_login(coordinator_of("landkreis-harburg"))
    response = client.post(
        f"/admin/pages/{foreign.pk}/edit/",
        news_form("Übernommen", **{"action-publish": "action-publish"}),
    )
    assert response.status_code in (302, 403)
    foreign.refresh_from_db()
    assert foreign.title != "Übernommen"
    assert client.post(f"/admin/pages/{foreign.pk}/unpublish/").status_code in (302, 403)
    foreign.refresh_from_db()
    assert foreign.live
    # And the admin's "add" view for another region is refused outright.
    response = client.get(add_url("news/newspage", news_index("heidekreis")))
    assert response.status_code in (302, 403)


def test_draft_preview_revisions_and_publish(client, demo):
    index = news_index("landkreis-boerde")
    client.force_login(coordinator_of("landkreis-boerde"))
    response = client.post(add_url("news/newspage", index), news_form("Entwurf Börde"))
    assert response.status_code == 302
    page = NewsPage.objects.get(title="Entwurf Börde")
    assert not page.live and page.has_unpublished_changes
    assert (
        client.get(page.url or "/netzwerk/landkreis-boerde/aktuelles/entwurf-boerde/").status_code
        == 404
    )
    # Preview renders the draft for the editor.
    preview = client.post(
        f"/admin/pages/{page.pk}/edit/preview/", news_form("Entwurf Börde", slug=page.slug)
    )
    assert preview.json()["is_valid"]
    shown = client.get(f"/admin/pages/{page.pk}/edit/preview/")
    assert shown.status_code == 200 and "Entwurf Börde" in shown.content.decode()
    # A second draft is a second revision; publishing makes the latest live.
    client.post(f"/admin/pages/{page.pk}/edit/", news_form("Entwurf Börde 2", slug=page.slug))
    page.refresh_from_db()
    assert page.revisions.count() == 2 and not page.live
    client.post(
        f"/admin/pages/{page.pk}/edit/",
        news_form("Veröffentlicht Börde", slug=page.slug, **{"action-publish": "1"}),
    )
    page.refresh_from_db()
    assert page.live and page.title == "Veröffentlicht Börde"
    assert client.get(page.url).status_code == 200
    assert page in news_index("landkreis-boerde").news_items()


def test_network_editors_publish_in_every_region(client, demo):
    editor = UserFactory(
        groups=[Group.objects.get(name=NETWORK_EDITORS_GROUP)], username="redaktion"
    )
    client.force_login(editor)
    for region_page in RegionPage.objects.all():
        title = f"Netzwerkweit in {region_page.slug}"
        response = client.post(
            add_url("news/newspage", news_index(region_page.slug)),
            news_form(title, **{"action-publish": "action-publish"}),
        )
        assert response.status_code == 302
        assert NewsPage.objects.get(title=title).live


def test_coordinators_use_their_regions_images_only(client, demo):
    image_policy = policy_registry.get_by_type(get_image_model())
    coordinator = coordinator_of("landkreis-harburg")
    own = ImageFactory(title="Harburg Foto", collection=region_collection("landkreis-harburg"))
    shared = ImageFactory(title="Logo des Netzwerks")  # root collection
    foreign = ImageFactory(title="Heidekreis Foto", collection=region_collection("heidekreis"))
    assert image_policy.user_has_permission_for_instance(coordinator, "choose", own)
    assert image_policy.user_has_permission_for_instance(coordinator, "change", own)
    assert image_policy.user_has_permission_for_instance(coordinator, "choose", shared)
    assert not image_policy.user_has_permission_for_instance(coordinator, "change", shared)
    assert not image_policy.user_has_permission_for_instance(coordinator, "change", foreign)
    add_collections = image_policy.collections_user_has_permission_for(coordinator, "add")
    assert list(add_collections) == [region_collection("landkreis-harburg")]
    # The image chooser in the page editor offers the own and the shared images, and uploads
    # from the chooser go to the own collection.
    client.force_login(coordinator)
    html = client.get("/admin/images/chooser/").content.decode()
    assert "Harburg Foto" in html and "Logo des Netzwerks" in html
    # The upload form offers no choice (one collection): a forged foreign collection is
    # ignored and the image lands in the coordinator's own collection.
    response = client.post(
        "/admin/images/chooser/create/",
        {
            "image-chooser-upload-title": "Neues Foto",
            "image-chooser-upload-collection": region_collection("heidekreis").pk,
            "image-chooser-upload-file": SimpleUploadedFile("neu.png", png_bytes()),
            "image-chooser-upload-tags": "",
        },
    )
    assert response.status_code == 200
    uploaded = Image.objects.get(title="Neues Foto")
    assert uploaded.collection == region_collection("landkreis-harburg")


def test_coordinators_maintain_press_contacts(client, demo):
    coordinator = coordinator_of("landkreis-saarlouis")
    assert coordinator.has_perm("news.add_presscontact")
    client.force_login(coordinator)
    response = client.post(
        "/admin/snippets/news/presscontact/add/",
        {
            "name": "Petra Muster",
            "role": "Pressestelle",
            "organisation": "Landkreis Saarlouis",
            "phone": "06831 444-1",
            "email": "presse@kreis-saarlouis.example",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PressContact.objects.filter(name="Petra Muster").exists()
    assert client.get("/admin/snippets/choose/news/presscontact/").status_code == 200


def test_new_region_coordinators_get_press_contact_permissions(admin_client, demo):
    response = add_region(admin_client, "Landkreis Testfeld", "landkreis-testfeld", publish=True)
    assert response.status_code == 302
    group = RegionPage.objects.get(slug="landkreis-testfeld").coordinator_group
    assert group.permissions.filter(codename="add_presscontact").exists()


def test_by_default_nothing_is_moderated_and_wagtails_workflow_is_gone(client, demo):
    # setup_site (run by the demo) retired Wagtail's English default workflow, and with
    # MODERATED_REGIONS empty our own is attached nowhere.
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not WorkflowPage.objects.exists()
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert workflow.active
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [NETWORK_EDITORS_GROUP]
    client.force_login(coordinator_of("heidekreis"))
    form = client.get(add_url("news/newspage", news_index("heidekreis"))).content.decode()
    assert 'name="action-publish"' in form
    assert 'name="action-submit"' not in form and "Moderators" not in form


@pytest.fixture
def moderated_heidekreis(settings, demo):
    settings.MODERATED_REGIONS = ["heidekreis"]
    setup_region(region("heidekreis"))
    return region("heidekreis")


def test_moderated_region_submits_to_the_network_editors(client, moderated_heidekreis):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert moderated_heidekreis.get_workflow() == workflow
    assert region("landkreis-harburg").get_workflow() is None  # other regions publish directly
    coordinator = coordinator_of("heidekreis")
    client.force_login(coordinator)
    form = client.get(add_url("news/newspage", news_index("heidekreis"))).content.decode()
    assert 'name="action-publish"' not in form  # no way around the approval
    assert "Freigabe durch die Netzwerk-Redaktion" in form
    response = client.post(
        add_url("news/newspage", news_index("heidekreis")),
        news_form("Zur Freigabe", **{"action-submit": "action-submit"}),
    )
    assert response.status_code == 302
    page = NewsPage.objects.get(title="Zur Freigabe")
    state = page.current_workflow_state
    assert not page.live
    assert state is not None and state.status == "in_progress"
    assert state.requested_by == coordinator
    task_state = state.current_task_state
    client.logout()

    editor = UserFactory(groups=[Group.objects.get(name=NETWORK_EDITORS_GROUP)])
    client.force_login(editor)
    dashboard = client.get("/admin/").content.decode()
    assert "Zur Freigabe" in dashboard  # awaiting the network editors' review
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": "Passt."}
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    state.refresh_from_db()
    assert state.status == "approved"
    assert page.live
    assert client.get(page.url).status_code == 200


def test_network_editors_can_reject(client, moderated_heidekreis):
    client.force_login(coordinator_of("heidekreis"))
    client.post(
        add_url("news/newspage", news_index("heidekreis")),
        news_form("Noch nicht", **{"action-submit": "action-submit"}),
    )
    page = NewsPage.objects.get(title="Noch nicht")
    task_state = page.current_workflow_state.current_task_state
    client.force_login(UserFactory(groups=[Group.objects.get(name=NETWORK_EDITORS_GROUP)]))
    client.post(f"/admin/pages/workflow/action/{page.pk}/reject/{task_state.pk}/", {"comment": ""})
    page.refresh_from_db()
    assert not page.live
    assert page.workflow_states.get().status == "needs_changes"


def test_moderation_follows_the_setting_when_it_changes(settings, moderated_heidekreis):
    group = moderated_heidekreis.coordinator_group
    publish = {"page": moderated_heidekreis, "permission__codename": "publish_page"}
    assert not group.page_permissions.filter(**publish).exists()

    def providers() -> Page:
        return Page.objects.get(slug="traeger")

    assert providers().get_workflow() == moderated_heidekreis.get_workflow()
    settings.MODERATED_REGIONS = []
    call_command("setup_site", stdout=io.StringIO())
    assert region("heidekreis").get_workflow() is None and providers().get_workflow() is None
    assert group.page_permissions.filter(**publish).exists()
    settings.MODERATED_REGIONS = ["*"]
    call_command("setup_site", stdout=io.StringIO())
    assert all(r.get_workflow() is not None for r in RegionPage.objects.all())


def test_scheduled_publishing_and_expiry(client, demo):
    index = news_index("landkreis-saarlouis")
    client.force_login(coordinator_of("landkreis-saarlouis"))
    go_live = timezone.localtime() + datetime.timedelta(days=2)
    expire = go_live + datetime.timedelta(days=7)
    response = client.post(
        add_url("news/newspage", index),
        news_form(
            "Geplante Meldung",
            go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
            expire_at=expire.strftime("%Y-%m-%d %H:%M"),
            **{"action-publish": "action-publish"},
        ),
    )
    assert response.status_code == 302, form_errors(response)
    page = NewsPage.objects.get(title="Geplante Meldung")
    assert not page.live
    assert page.scheduled_revision is not None
    assert page not in index.news_items()

    call_command("publish_scheduled")  # nothing is due yet
    page.refresh_from_db()
    assert not page.live

    with freeze_time(go_live + datetime.timedelta(minutes=5)):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live and not page.expired
    assert page in index.news_items()
    assert client.get(page.url).status_code == 200

    with freeze_time(expire + datetime.timedelta(minutes=5)):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live and page.expired
    assert page not in index.news_items()


def test_published_items_expire(demo):
    page = NewsPageFactory(
        parent=news_index("heidekreis"), title="Läuft ab", date=datetime.date(2026, 1, 1)
    )
    page.expire_at = timezone.now() - datetime.timedelta(hours=1)
    page.save()
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live and page.expired

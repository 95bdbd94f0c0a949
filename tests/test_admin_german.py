"""The German admin speaks German: every admin page reachable from the dashboard (the menus,
the page explorer, the add and edit forms of our page types, snippets, settings, workflows,
groups) shows no English words from what this project adds or configures, and loads no
avatar from Gravatar."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

# English words our labels, help texts, buttons, group, workflow and page names would show if
# a string escaped translation (words German shares, such as "Name", "Status", "Region",
# "Filter", "Import", "Export", "Website", are left out).
ENGLISH = set(
    """the and of to with Save Selected Add Edit Delete Search Show Hide Title Draft Page Pages
    Settings Help Choose Select Yes No Cancel Back Next Previous All None Sort by for this that
    is are not new Create from Created Updated provider providers offer offers location locations
    contact contacts schedule schedules description phone street city postal Remove Publish
    Unpublish Submit Approve Reject Moderators Moderator Editors approval Preview Users Groups
    Documents Images Reports Tasks Collections Redirects Sites Welcome Your Copy Move Lock Unlock
    summary languages categories terms area areas partners fields field working groups document
    Library versions Footer imprint privacy easy accessibility statement introduction body hero
    teaser finder network Official federal Regions""".split()
)
# Wagtail 8.0's own templates hard-code these (not translatable): the screen-reader-only
# submit button of the dashboard's and the listings' search box
# (wagtailadmin/home.html, wagtailadmin/shared/header.html).
WAGTAIL_OWN = {'<input class="button" type="submit" value="Search"/>'}
SKIP = (
    "logout",
    "/delete/",
    "/unpublish/",
    "/copy/",
    "/move/",
    "/lock/",
    "/unlock/",
    "/revisions/",
    "/history/",
    "/usage/",
    "/chooser/",
    "/workflow/",
    "/preview/",
    "/compare/",
    "/account/",
    "/bulk/",
)


def _english_words(soup: BeautifulSoup) -> list[str]:
    """The English words of a parsed page (it removes scripts and hidden parts from `soup`)."""
    for element in soup(["script", "style", "template", "noscript", "svg"]):
        element.decompose()
    for element in soup.find_all(attrs={"hidden": True}):
        element.decompose()  # e.g. Wagtail's empty side-panel counter, which says "None"
    texts = [soup.get_text(" ", strip=True)]
    for attribute in ("placeholder", "aria-label", "title", "alt"):
        texts += [element[attribute] for element in soup.find_all(attrs={attribute: True})]
    for button in soup.select('input[type="submit"], input[type="button"]'):
        if str(button) not in WAGTAIL_OWN:
            texts.append(button.get("value", ""))
    words = re.findall(r"[A-Za-z][A-Za-z']+", " ".join(texts))
    return [word for word in words if word in ENGLISH]


def test_admin_pages_have_no_english_words(admin_client, demo):
    seen: set[str] = set()
    queue = ["/admin/"]
    english: dict[str, list[str]] = {}
    while queue and len(seen) < 350:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = admin_client.get(path)
        assert response.status_code < 500, path
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        assert b"gravatar" not in response.content.lower(), path  # no third-party avatars
        # Parsed once, with lxml (Python's html.parser was half of the test's time): links
        # first, since reading the words removes scripts and hidden parts.
        soup = BeautifulSoup(response.content, "lxml")
        links = [link["href"] for link in soup.find_all("a", href=True)]
        words = _english_words(soup)
        if words:
            english[path] = sorted(set(words))
        for href in links:
            parts = urlsplit(urljoin(f"http://testserver{path}", href))
            if parts.netloc != "testserver" or not parts.path.startswith("/admin/"):
                continue
            if any(part in parts.path for part in SKIP) or parts.query:
                continue
            if parts.path not in seen:
                queue.append(parts.path)
    assert len(seen) > 150  # the menus, listings and forms were reached
    assert not english

"""The real Elasticsearch the suite starts: mappings, indexing, full-text and geo search
through the project's client, and the server's own start/stop contract."""

import functools
import os
import re
import shutil
import stat
import tempfile
import time
from pathlib import Path

import pytest
from elasticsearch.dsl import Document, GeoPoint, Keyword, Q, Text

from search.client import get_client, index_name
from tests.offers.places import km
from tests.services import elasticsearch
from tests.services.elasticsearch import ElasticsearchServer, ElasticsearchServiceError


class Place(Document):
    # Only core features: the test distribution has no analysis-common module, so no
    # language analyzers; the standard analyzer it is.
    title = Text(analyzer="standard")
    category = Keyword()
    location = GeoPoint()


# Both titles contain the query word, so only the distance filter can tell them apart.
PLACES = {
    "bremen": {
        "title": "Beratung für Familien am Wall",
        "category": "beratung",
        "location": {"lat": 53.0793, "lon": 8.8017},
    },
    "munich": {
        "title": "Familien Beratung im Glockenbachviertel",
        "category": "beratung",
        "location": {"lat": 48.1351, "lon": 11.5820},
    },
}
QUERY = "beratung"
CENTRE = {"lat": 53.0758, "lon": 8.8072}  # Bremen main station
RADIUS_KM = 25


def _distance_km(a: dict, b: dict) -> float:
    return km((a["lat"], a["lon"]), (b["lat"], b["lon"]))


def _matches_text(title: str) -> bool:
    # What the standard analyzer does to this query: lowercase, split on non-word characters.
    return QUERY in re.findall(r"\w+", title.lower())


@pytest.mark.elasticsearch
def test_index_and_search_by_text_and_distance():
    es = get_client()
    index = index_name("places")
    Place.init(index=index, using=es)
    for key, data in PLACES.items():
        Place(meta={"id": key}, **data).save(index=index, using=es)
    es.indices.refresh(index=index)

    text_matches = {key for key, data in PLACES.items() if _matches_text(data["title"])}
    expected = {
        key for key in text_matches if _distance_km(PLACES[key]["location"], CENTRE) <= RADIUS_KM
    }
    assert text_matches == set(PLACES), "both places must match the text, or the test is moot"
    assert expected and expected != text_matches, "the distance filter must exclude one place"

    text_only = Place.search(using=es, index=index).query("match", title=QUERY)
    assert {hit.meta.id for hit in text_only.execute()} == text_matches

    search = (
        Place.search(using=es, index=index)
        .query(Q("match", title=QUERY))
        .filter("geo_distance", distance=f"{RADIUS_KM}km", location=CENTRE)
    )
    response = search.execute()
    found = {hit.meta.id for hit in response}
    assert found == expected
    for excluded in set(PLACES) - expected:
        assert excluded not in found
    hit = response[0]
    assert isinstance(hit, Place)
    assert hit.category == PLACES[hit.meta.id]["category"]


@pytest.mark.elasticsearch
def test_indices_carry_the_test_prefix(es_settings):
    assert index_name("places") == f"{es_settings}places"
    assert index_name("places").startswith("test_")


def _fake_distribution(script: str) -> Path:
    """A stand-in distribution whose bin/elasticsearch is a shell script, to exercise the
    server's process handling in a second instead of a real start-up. Outside pytest's
    tmp_path because, as root, the script runs as the (unprivileged) service user."""
    home = Path(tempfile.mkdtemp(prefix="nfh-fake-es-"))
    home.chmod(0o755)
    (home / "config").mkdir()
    (home / "config" / "elasticsearch.yml").write_text("")
    (home / "bin").mkdir()
    launcher = home / "bin" / "elasticsearch"
    launcher.write_text("#!/bin/sh\n" + script)
    launcher.chmod(launcher.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    for path in (home / "bin", home / "config"):
        path.chmod(0o755)
    return home


def test_start_failure_reports_the_server_output():
    home = _fake_distribution('echo "fatal: the node refused to boot"\nexit 78\n')
    server = ElasticsearchServer(home=home, java_home=Path("/nonexistent-jdk"))
    try:
        with pytest.raises(ElasticsearchServiceError) as excinfo:
            server.start(timeout=20)
        assert "exited with code 78" in str(excinfo.value)
        assert "the node refused to boot" in str(excinfo.value)
        assert server.workdir is None  # the temp dir went with the failed start
    finally:
        shutil.rmtree(home)


def test_stop_kills_the_whole_process_group_and_removes_the_temp_dir():
    # The launcher ignores SIGTERM and leaves a child behind, the worst case stop() handles.
    home = _fake_distribution("trap '' TERM\nsleep 300 &\nwhile true; do sleep 1; done\n")
    server = ElasticsearchServer(home=home, java_home=Path("/nonexistent-jdk"))
    try:
        server._launch(home, server.java_home)
        time.sleep(0.5)
        pgid, workdir = server.pid, server.workdir
        assert pgid is not None and workdir.is_dir()
        started = time.monotonic()
        server.stop(timeout=2)
        assert time.monotonic() - started < 20
        with pytest.raises(ProcessLookupError):
            os.killpg(pgid, 0)
        assert not workdir.exists()
        server.stop()  # idempotent
    finally:
        shutil.rmtree(home)


def test_serve_writes_why_the_server_did_not_start_where_the_runs_wait_for_its_url(
    tmp_path, monkeypatch
):
    home = _fake_distribution('echo "fatal: the node refused to boot"\nexit 78\n')
    monkeypatch.setattr(
        elasticsearch,
        "ElasticsearchServer",
        functools.partial(
            elasticsearch.ElasticsearchServer, home=home, java_home=Path("/nonexistent-jdk")
        ),
    )
    monkeypatch.setattr(elasticsearch, "STATE_FILE", tmp_path / "state.json")
    url_file = tmp_path / "url"
    try:
        status = elasticsearch.main(["serve", "--url-file", str(url_file), "--timeout", "20"])
    finally:
        shutil.rmtree(home)
    assert status == 1
    assert url_file.read_text().startswith("error: ")
    assert "exited with code 78" in url_file.read_text()
    assert not (tmp_path / "state.json").exists()  # `status`/`stop` never see this server

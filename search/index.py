"""One Elasticsearch index behind an alias: the base of every index the site keeps (offers,
partners). A subclass names its document class and says which objects are public and how one
becomes a document; everything else is here, once.

Physical indices are named `<prefix><name>_<timestamp>`; the alias `<prefix><name>` points at
the live one. A rebuild fills a new index while searches keep using the old one, then moves
the alias in one atomic `update_aliases` call and deletes the old index. Updates (from the
outbox, search/outbox.py) are written to every physical index of the name, so one that arrives
during a rebuild reaches the new index too; external versions decide which write wins, so a
late write of an older state never overwrites a newer one.

Elasticsearch creates an index with a guessed (dynamic) mapping when a write names one that
does not exist. So updates reach the live index through the alias with `require_alias` (a
missing alias is refused, and `write` raises IndexMissing before trying), an index being built
only by its own name, and only when its mapping carries the marker `create` puts there: an
index Elasticsearch made up is never written to. A missing index is rebuilt by `ensure`, never
created empty: a partial index would hide every object not written since."""

from __future__ import annotations

import contextlib
import datetime
import itertools
import logging
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple, TextIO

from django.conf import settings

from elasticsearch import ApiError, NotFoundError, TransportError, helpers
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch.dsl import Document

from .client import admin_client, get_client, index_name
from .engine import EngineUnavailable

logger = logging.getLogger(__name__)

MAX_RESULT_WINDOW = 10_000
MARKER = "nfh_search_index"


class SearchFailed(Exception):
    """Elasticsearch refused a search (a 4xx answer): the query is wrong, not the server."""

    def __init__(self, status: int, error: Any) -> None:
        super().__init__(f"{status}: {error}")
        self.status = status
        self.error = error


class IndexMissing(Exception):
    """No index behind the alias (never built, or Elasticsearch lost its data): nothing was
    written, and a write must wait for `ensure` (a rebuild)."""


class Rebuilt(NamedTuple):
    index: str
    written: int
    errors: list[str]


@dataclass(frozen=True, slots=True)
class EncodedDocument:
    """A document that is JSON already, sent as it is: a rebuild from stored documents is
    spared decoding and encoding each again (at 100,000 offers that Python work competed
    with Elasticsearch for the same cores). `opening` is the JSON object without its closing
    brace, so that the rebuild can add the version."""

    id: int
    opening: bytes


@dataclass
class WriteOutcome:
    indexed: int = 0
    deleted: int = 0
    failed_ids: set[int] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)


class SearchIndex:
    """Subclasses set `name`, `document` and `id_field`, and implement `documents` and
    `count`; `refresh_database_copy` is the hook for a database engine's own copy of the
    documents (written in the saving transaction, see search/outbox.py)."""

    name: ClassVar[str]
    document: ClassVar[type[Document]]
    # The document field holding the object's primary key (also the document id).
    id_field: ClassVar[str]
    # Documents per bulk request and bulk requests in flight during a rebuild.
    chunk_size: ClassVar[int] = 500
    # An update's documents go out in smaller chunks, so that building and indexing overlap.
    write_chunk_size: ClassVar[int] = 100

    # --- what a subclass supplies -------------------------------------------------------

    def documents(self, ids: Iterable[int] | None = None) -> Iterator[dict[str, Any]]:
        """The documents of the public objects (of these ids only, when given)."""
        raise NotImplementedError

    def count(self) -> int:
        """How many documents the index should hold."""
        raise NotImplementedError

    def refresh_database_copy(
        self, ids: list[int], *, keep_documents: bool = False
    ) -> dict[int, Any]:
        """Bring a database engine's copy of these objects up to date (default: none). With
        `keep_documents`, the index documents built for it are returned (id → whatever
        `committed_documents` needs), for the write after the commit (search/outbox.py)."""
        return {}

    def documents_for_rebuild(self) -> Iterable[dict[str, Any] | EncodedDocument]:
        """What rebuild() fills a new index with by default: every document, built (an
        index with a database copy may send stored documents that are current, encoded)."""
        return self.documents()

    def distrust_database_copy(self, ids: list[int]) -> None:
        """Mark the database copy of these objects as not current (its refresh failed): a
        rebuild builds their documents and `--fix` rewrites them (default: nothing)."""

    def committed_documents(self, kept: dict[int, Any]) -> dict[int, dict[str, Any]]:
        """Of what refresh_database_copy kept during a transaction, the documents that
        still show the committed state (their database copy is unchanged), by id."""
        return {}

    # --- names and settings -------------------------------------------------------------

    def alias(self) -> str:
        return index_name(self.name)

    def new_index_name(self) -> str:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d%H%M%S%f")
        return f"{self.alias()}_{stamp}"

    def index_settings(self) -> dict[str, Any]:
        config = getattr(settings, "SEARCH", None) or {}
        return {
            "number_of_shards": config.get("SHARDS", 1),
            "number_of_replicas": config.get("REPLICAS", 0),
            # Results beyond the window are refused by the API anyway.
            "max_result_window": MAX_RESULT_WINDOW,
        }

    def mapping(self) -> dict[str, Any]:
        mapping = self.document._doc_type.mapping.to_dict()
        # The marker of an index this class created (see the module docstring).
        return {**mapping, "_meta": {**mapping.get("_meta", {}), MARKER: self.name}}

    # --- lifecycle ----------------------------------------------------------------------

    def create(self, name: str | None = None, **extra_settings: Any) -> str:
        name = name or self.new_index_name()
        admin_client().indices.create(
            index=name,
            settings={**self.index_settings(), **extra_settings},
            mappings=self.mapping(),
        )
        return name

    def live_indices(self) -> list[str]:
        """Physical indices the alias points at."""
        client = get_client()
        if not client.indices.exists_alias(name=self.alias()):
            return []
        return sorted(client.indices.get_alias(name=self.alias()))

    def all_indices(self) -> list[str]:
        """Every physical index of this name (live and any being built)."""
        found = get_client().indices.get(index=f"{self.alias()}_*", expand_wildcards="open")
        return sorted(found)

    def ensure(self) -> Rebuilt | None:
        """The alias exists. When it does not (never built, or Elasticsearch restarted without
        its data), a rebuild fills a new index from the database and puts it behind the alias;
        returns what it wrote (None: the index was there)."""
        if get_client().indices.exists_alias(name=self.alias()):
            return None
        logger.warning("No %s index behind %s: rebuilding it.", self.name, self.alias())
        return self.rebuild()

    def swap_alias(self, new_index: str) -> list[str]:
        """Point the alias at new_index atomically; returns the indices it left."""
        old = self.live_indices()
        actions: list[dict[str, Any]] = [
            {"remove": {"index": i, "alias": self.alias()}} for i in old
        ]
        actions.append({"add": {"index": new_index, "alias": self.alias()}})
        admin_client().indices.update_aliases(actions=actions)
        return [i for i in old if i != new_index]

    def delete_all(self) -> None:
        names = self.all_indices()
        if names:
            admin_client().indices.delete(index=",".join(names))

    def rebuild(
        self,
        docs: Iterable[dict[str, Any] | EncodedDocument] | None = None,
        total: int | None = None,
        version: int | None = None,
        progress: Callable[[int, int], None] | None = None,
        before_swap: Callable[[str], None] | None = None,
    ) -> Rebuilt:
        """A new index filled with the documents (all public ones by default), then the
        alias swapped to it. Documents carry `version` (a fresh one by default) as their
        external version, so an outbox update written meanwhile is never overwritten."""
        from .outbox import current_version

        if version is None:
            version = current_version()
        if docs is None:
            docs = self.documents_for_rebuild()
        if total is None and progress is not None:
            total = self.count()
        client = admin_client()
        # While it is filled nobody searches the new index: no refreshes, no replicas.
        name = self.create(refresh_interval="-1")
        done = 0
        errors: list[str] = []
        try:
            for ok, info in self._parallel_bulk(client, self._index_actions(name, docs, version)):
                done += 1
                if not ok:
                    result = next(iter(info.values()))
                    # A version conflict means an outbox update already wrote newer data.
                    if result.get("status") != 409:
                        errors.append(str(result.get("error")))
                if progress:
                    progress(done, total or done)
            client.indices.put_settings(
                index=name, settings={"refresh_interval": None, **self._replicas()}
            )
            client.indices.refresh(index=name)
            if before_swap:
                before_swap(name)
            old_indices = self.swap_alias(name)
        except BaseException:
            # A half-built index would take every update from now on and never be searched.
            try:
                client.options(ignore_status=404).indices.delete(index=name)
            except (TransportError, ApiError):
                logger.warning("Half-built index %s not deleted", name, exc_info=True)
            raise
        for old in old_indices:
            client.indices.delete(index=old)
        return Rebuilt(name, done, errors)

    def _parallel_bulk(
        self,
        client: Any,
        actions: Iterable[dict[str, Any]],
        chunk_size: int | None = None,
        **options: Any,
    ) -> Iterator[tuple[bool, dict[str, Any]]]:
        """Bulk requests of `chunk_size` actions (the class's chunk_size) in flight on
        `_bulk_threads()` connections while this thread builds the next chunk; `options`
        go to helpers.streaming_bulk. The results come in the order of the actions. (Not
        helpers.parallel_bulk: it reads the actions in a pool thread, where the ORM would
        use another database connection, outside the caller's transaction.)"""

        def send(chunk: list[dict[str, Any]]) -> list[tuple[bool, dict[str, Any]]]:
            return list(
                helpers.streaming_bulk(
                    client,
                    chunk,
                    chunk_size=len(chunk),
                    max_chunk_bytes=50 * 1024 * 1024,
                    **{"raise_on_error": False, "max_retries": 3, **options},
                )
            )

        threads = _bulk_threads()
        pending: deque[Future[list[tuple[bool, dict[str, Any]]]]] = deque()
        with ThreadPoolExecutor(threads, thread_name_prefix=f"bulk-{self.name}") as pool:
            for chunk in _chunks(actions, chunk_size or self.chunk_size):
                pending.append(pool.submit(send, chunk))
                # One chunk more than there are connections: when a request comes back the
                # next is ready to go, rather than built while Elasticsearch has less to do
                # (a rebuild of 10,000 stored documents went from about 1,800 to 2,250/s).
                if len(pending) > threads:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()

    def _replicas(self) -> dict[str, Any]:
        return {"number_of_replicas": self.index_settings()["number_of_replicas"]}

    def _index_actions(
        self, index: str, docs: Iterable[dict[str, Any] | EncodedDocument], version: int
    ) -> Iterator[dict[str, Any]]:
        version_member = b',"version":%d}' % version
        for doc in docs:
            source: dict[str, Any] | bytes
            if isinstance(doc, EncodedDocument):
                object_id, source = doc.id, doc.opening + version_member
            else:
                doc["version"] = version
                object_id, source = doc[self.id_field], doc
            yield {
                "_op_type": "index",
                "_index": index,
                "_id": str(object_id),
                "version": version,
                "version_type": "external_gte",
                "_source": source,
            }

    # --- searching ----------------------------------------------------------------------

    def execute(self, body: dict[str, Any]) -> dict[str, Any]:
        """A search on the alias (see execute_many)."""
        return self.execute_many([body])[0]

    def execute_many(self, bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Several searches on the alias in one round trip (`_msearch`), their answers in
        order. A server that does not answer (connection or transport errors, a 5xx, no
        index yet) is EngineUnavailable; anything else (a 4xx: a bug in the query) raises.
        The one mapping of Elasticsearch's failures for every search."""
        searches: list[dict[str, Any]] = []
        for body in bodies:
            searches += [{}, body]
        with unavailable_on_failure(self.name):
            answer = get_client().msearch(index=self.alias(), searches=searches).body
        responses = answer["responses"]
        for response in responses:
            if "error" in response:
                status = response.get("status", 500)
                if status == 404 or status >= 500:
                    raise EngineUnavailable(f"{self.name}: {response['error']}")
                raise SearchFailed(status, response["error"])
        return responses

    def scan(self, source: list[str] | bool = True) -> Iterator[dict[str, Any]]:
        """Every document of the live index (hits with `_id` and `_source`); a missing index
        is rebuilt first."""
        self.ensure()
        yield from helpers.scan(
            get_client(), index=self.alias(), query={"query": {"match_all": {}}}, _source=source
        )

    def all_documents(self) -> list[dict[str, Any]]:
        """Every document's source (for checks and tests)."""
        return [hit["_source"] for hit in self.scan()]

    def fingerprints(self) -> dict[int, str]:
        """Object id → the `fingerprint` of its indexed document."""
        return {
            int(hit["_id"]): hit["_source"].get("fingerprint") or ""
            for hit in self.scan(["fingerprint"])
        }

    # --- updates --------------------------------------------------------------------------

    def write(
        self, versions: dict[int, int], built: dict[int, dict[str, Any]] | None = None
    ) -> WriteOutcome:
        """Write the current state of these objects (id → external version) into the live
        index (through the alias) and any index being built: a document when the object is
        public, a delete otherwise. `built` are documents of some of them built from the
        committed state already (search/outbox.py); the others are built here. Raises
        IndexMissing when there is no index behind the alias: nothing is written then (see
        the module docstring)."""
        live, building = self._write_targets()
        if not live:
            raise IndexMissing(f"no {self.name} index behind the alias {self.alias()}")
        docs: dict[int, dict[str, Any]] = {}
        client = admin_client()
        outcome = WriteOutcome()
        # The documents go out in chunks as they are built: Elasticsearch indexes one
        # chunk while this thread builds the next. Through the alias, `require_alias` makes
        # Elasticsearch refuse instead of creating an index.
        written = self._parallel_bulk(
            client,
            self._write_actions(self.alias(), versions, self._collect(versions, docs, built)),
            chunk_size=self.write_chunk_size,
            raise_on_exception=True,
            require_alias=True,
        )
        self._count(written, outcome)
        for index in building:
            actions = self._write_actions(index, versions, iter(docs.values()))
            self._count(self._parallel_bulk(client, actions, raise_on_exception=True), outcome)
        client.options(ignore_status=404).indices.refresh(
            index=",".join([self.alias(), *building]), ignore_unavailable=True
        )
        return outcome

    def _collect(
        self,
        versions: dict[int, int],
        docs: dict[int, dict[str, Any]],
        built: dict[int, dict[str, Any]] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """The documents of these objects (those in `built` as they are, the others built
        now), also kept in `docs` (by id) as they go by."""
        built = {i: doc for i, doc in (built or {}).items() if i in versions}
        rest = [i for i in versions if i not in built]
        for doc in itertools.chain(built.values(), self.documents(rest) if rest else ()):
            docs[doc[self.id_field]] = doc
            yield doc

    def _write_targets(self) -> tuple[list[str], list[str]]:
        """(live indices, indices being built): every physical index of the name, by whether
        the alias points at it; one that is neither live nor marked as ours was made up by
        Elasticsearch and is left alone."""
        found = (
            get_client()
            .indices.get(
                index=f"{self.alias()}_*",
                expand_wildcards="open",
                filter_path="*.aliases,*.mappings._meta",
            )
            .body
        )
        live, building = [], []
        for index, info in sorted((found or {}).items()):
            if self.alias() in (info.get("aliases") or {}):
                live.append(index)
            elif ((info.get("mappings") or {}).get("_meta") or {}).get(MARKER) == self.name:
                building.append(index)
            else:
                logger.warning("Index %s was not created by the site; it is ignored.", index)
        return live, building

    def _write_actions(
        self, index: str, versions: dict[int, int], docs: Iterable[dict[str, Any]]
    ) -> Iterator[dict[str, Any]]:
        """An index action per document, then a delete for each object without one."""
        seen: set[int] = set()
        for doc in docs:
            object_id = doc[self.id_field]
            seen.add(object_id)
            yield {
                **self._versioned(index, object_id, versions[object_id]),
                "_op_type": "index",
                "_source": {**doc, "version": versions[object_id]},
            }
        for object_id, version in versions.items():
            if object_id not in seen:
                yield {**self._versioned(index, object_id, version), "_op_type": "delete"}

    @staticmethod
    def _versioned(index: str, object_id: int, version: int) -> dict[str, Any]:
        return {
            "_index": index,
            "_id": str(object_id),
            "version": version,
            "version_type": "external",
        }

    @staticmethod
    def _count(results: Iterable[tuple[bool, dict[str, Any]]], outcome: WriteOutcome) -> None:
        """A bulk write's confirmations counted into `outcome`."""
        for ok, info in results:
            op, detail = next(iter(info.items()))
            object_id = int(detail["_id"])
            # Confirmed: written; 409, the index holds this or a newer version; a delete's
            # 404 without an error, the document is not there. A 404 *with* an error is a
            # missing index, which confirms nothing.
            if ok or detail.get("status") == 409 or (op == "delete" and "error" not in detail):
                if op == "delete":
                    outcome.deleted += 1
                else:
                    outcome.indexed += 1
                continue
            outcome.failed_ids.add(object_id)
            outcome.errors.append(f"{object_id}: {detail.get('error')}")


@contextlib.contextmanager
def unavailable_on_failure(name: str) -> Iterator[None]:
    """A search of the index `name` inside the block that Elasticsearch does not answer
    (connection or transport errors, a 5xx, no index) raises EngineUnavailable; anything
    else (a 4xx: a bug in the query) raises as it is."""
    try:
        yield
    except NotFoundError as error:
        raise EngineUnavailable(f"no {name} index: {error}") from error
    except (ESConnectionError, TransportError) as error:
        raise EngineUnavailable(repr(error)) from error
    except ApiError as error:
        if error.status_code >= 500:
            raise EngineUnavailable(repr(error)) from error
        raise


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _bulk_threads() -> int:
    # One bulk request in flight per core: the server indexes while Python builds the next
    # batch of documents.
    return max(2, os.cpu_count() or 2)


class ProgressBar:
    """A plain text progress bar for management commands (no extra dependency)."""

    def __init__(self, stream: TextIO | None = None, width: int = 30, label: str = "") -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.label = label
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        total = max(total, 1)
        # Drawn when the percentage changes: at most about a hundred writes however many
        # documents (each is a flushed write to a terminal, a pipe or a log).
        percent = min(done, total) * 100 // total
        if percent == self.shown and done != total:
            return
        self.shown = percent
        filled = int(self.width * min(done, total) / total)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label}[{bar}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()

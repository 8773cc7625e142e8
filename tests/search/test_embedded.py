"""What only the embedded (Tantivy) backend has: its folder, version marker, writer lock and processes."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import tantivy

from search.analysis import edit_distance
from search.backend import AccessFilter, SearchDocument, SearchError, SearchRequest
from search.embedded import EmbeddedBackend
from search.embedded_storage import WriterSettings, tantivy_version
from search.factory import open_backend

EVERYONE = AccessFilter(0)

HOLD_WRITER = """
import sys, time, tantivy
index = tantivy.Index.open(sys.argv[1])
writer = index.writer(15_000_000, 1)
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
writer.wait_merging_threads()
"""


def doc(doc_id: int, title: str, **extra: object) -> SearchDocument:
    return SearchDocument(doc_id, 1, title, "table", "OFFICIAL", 0, "register", **extra)  # type: ignore[arg-type]


def titles(backend: EmbeddedBackend, query: str = "") -> list[str]:
    return sorted(
        h.title for h in backend.search(SearchRequest(access=EVERYONE, query=query, per_page=100)).hits
    )


def live_folder(root: Path) -> Path:
    return root / (root / "current").read_text(encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def backend(root: Path) -> Iterator[EmbeddedBackend]:
    backend = EmbeddedBackend(root, writer=WriterSettings(lock_timeout=10.0))
    backend.index([doc(1, "Existing")])
    yield backend
    backend.close()


@pytest.fixture
def hold_writer(backend: EmbeddedBackend, root: Path) -> Iterator[callable]:  # type: ignore[valid-type]
    """Starts another process that holds the index writer for `seconds`."""
    started: list[subprocess.Popen[str]] = []

    def hold(seconds: float) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-c", HOLD_WRITER, str(live_folder(root)), str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "locked"
        return process

    yield hold
    for process in started:
        process.wait(timeout=30)


def test_a_write_waits_for_another_processs_writer(backend: EmbeddedBackend, hold_writer) -> None:  # type: ignore[no-untyped-def]
    holder = hold_writer(1.0)
    began = time.monotonic()
    backend.index([doc(2, "Written while locked")])
    assert time.monotonic() - began >= 0.5
    assert holder.wait(timeout=30) == 0
    assert titles(backend) == ["Existing", "Written while locked"]


def test_a_write_gives_up_after_the_lock_timeout(root: Path, backend: EmbeddedBackend, hold_writer) -> None:  # type: ignore[no-untyped-def]
    impatient = EmbeddedBackend(root, writer=WriterSettings(lock_timeout=0.3))
    hold_writer(3.0)
    with pytest.raises(SearchError, match="busy"):
        impatient.index([doc(2, "Never written")])
    assert titles(impatient) == ["Existing"]


def test_two_writers_on_one_folder(root: Path, backend: EmbeddedBackend) -> None:
    """The web app and the scheduler each have a backend on the same folder and write at once."""
    other = EmbeddedBackend(root)
    errors: list[BaseException] = []

    def write(target: EmbeddedBackend, start: int) -> None:
        try:
            for i in range(start, start + 50, 10):
                target.index(doc(n, f"Doc {n}") for n in range(i, i + 10))
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(b, s)) for b, s in ((backend, 100), (other, 200))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(backend.indexed_versions()) == len(other.indexed_versions()) == 101


def test_searches_and_writes_from_many_threads(backend: EmbeddedBackend) -> None:
    backend.index(doc(i, f"Record {i}", tags=(f"t{i % 3}",)) for i in range(2, 200))
    request = SearchRequest(access=EVERYONE, query="record")
    before = backend.search(request).total
    errors: list[BaseException] = []

    def search() -> None:
        try:
            for _ in range(25):
                result = backend.search(request)
                assert before <= result.total <= before + 30
                assert sum(b.count for b in result.facets["tag"]) >= before
                assert backend.suggest("reco", EVERYONE)
        except BaseException as error:  # reported below
            errors.append(error)

    def write() -> None:
        try:
            for i in range(200, 230):
                backend.index([doc(i, f"Record {i}")])
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=search) for _ in range(3)] + [threading.Thread(target=write)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert backend.search(request).total == before + 30


def test_other_processes_see_commits_and_rebuilds(root: Path, backend: EmbeddedBackend) -> None:
    other = EmbeddedBackend(root)
    facets_before = other.search(SearchRequest(access=EVERYONE)).facets["tag"]
    backend.index([doc(2, "Tagged", tags=("new-tag",))])
    assert titles(other) == ["Existing", "Tagged"]
    assert [b.value for b in other.search(SearchRequest(access=EVERYONE)).facets["tag"]] == ["new-tag"]
    assert facets_before == []
    backend.rebuild([doc(3, "Rebuilt")])
    assert titles(other) == ["Rebuilt"]


def test_rebuild_switches_folders_and_removes_the_old_one(root: Path, backend: EmbeddedBackend) -> None:
    before = live_folder(root)
    backend.rebuild([doc(5, "Fresh")])
    after = live_folder(root)
    assert after != before
    assert not before.exists()
    assert sorted(p.name for p in root.iterdir()) == sorted(["current", after.name])


def test_a_failed_rebuild_leaves_the_index_alone(root: Path, backend: EmbeddedBackend) -> None:
    def broken() -> Iterator[SearchDocument]:
        yield doc(7, "Half")
        raise RuntimeError("the store went away")

    with pytest.raises(RuntimeError):
        backend.rebuild(broken())
    assert titles(backend) == ["Existing"]
    assert len([p for p in root.iterdir() if p.name.startswith("index-")]) == 1


def test_another_schema_version_asks_for_a_reindex(root: Path, backend: EmbeddedBackend) -> None:
    marker = live_folder(root) / "catalogue-index.json"
    marker.write_text(json.dumps({"schema_version": 999, "tantivy": tantivy_version()}), encoding="utf-8")
    stale = EmbeddedBackend(root)
    with pytest.raises(SearchError, match="catalogue reindex"):
        stale.search(SearchRequest(access=EVERYONE))
    with pytest.raises(SearchError, match="catalogue reindex"):
        stale.index([doc(2, "Two")])
    assert stale.rebuild([doc(2, "Two")]) == 1
    assert titles(stale) == ["Two"]


def test_another_tantivy_version_asks_for_a_reindex(root: Path, backend: EmbeddedBackend) -> None:
    marker = live_folder(root) / "catalogue-index.json"
    marker.write_text(json.dumps({"schema_version": 1, "tantivy": "0.19.0"}), encoding="utf-8")
    with pytest.raises(SearchError, match=r"Tantivy 0\.19\.0.*catalogue reindex"):
        EmbeddedBackend(root).search(SearchRequest(access=EVERYONE))


def test_a_foreign_folder_is_refused_not_deleted(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "meta.json").write_text("{}", encoding="utf-8")
    with pytest.raises(SearchError, match="catalogue reindex"):
        EmbeddedBackend(folder).search(SearchRequest(access=EVERYONE))
    assert (folder / "meta.json").exists()


def test_a_damaged_pointer_is_reported(root: Path, backend: EmbeddedBackend) -> None:
    (root / "current").write_text("../elsewhere", encoding="utf-8")
    with pytest.raises(SearchError, match="damaged"):
        EmbeddedBackend(root).search(SearchRequest(access=EVERYONE))


def test_in_memory_mode() -> None:
    memory = EmbeddedBackend(None)
    memory.index([doc(1, "Allotments"), doc(2, "Burials")])
    assert titles(memory, "allotment") == ["Allotments"]
    memory.rebuild([doc(3, "Cemeteries")])
    assert memory.indexed_versions() == {3: 1}


def test_facet_counts_follow_writes(backend: EmbeddedBackend) -> None:
    request = SearchRequest(access=EVERYONE, query="existing OR later")
    assert backend.search(request).facets["kind"][0].count == 1
    backend.index([doc(2, "Later")])
    assert backend.search(request).facets["kind"][0].count == 2


def test_open_backend() -> None:
    assert isinstance(open_backend("embedded:///tmp/catalogue-test-index"), EmbeddedBackend)
    with pytest.raises(ValueError, match="absolute"):
        open_backend("embedded://relative/path")
    elastic = open_backend("https://search.example:9200")  # built without contacting the cluster
    assert type(elastic).__name__ == "ElasticsearchBackend"
    elastic.close()
    with pytest.raises(ValueError, match="unknown search backend"):
        open_backend("solr://x")


def test_edit_distance_agrees_with_tantivy_fuzzy_matching() -> None:
    """The oracle's notion of "within n edits" is the engine's (transpositions cost one)."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("word", stored=True, tokenizer_name="raw")
    schema = builder.build()
    index = tantivy.Index(schema)
    rng = random.Random(5)
    words = {"".join(rng.choice("abcé") for _ in range(rng.randint(1, 7))) for _ in range(800)}
    writer = index.writer(15_000_000, 1)
    for word in words:
        writer.add_document(tantivy.Document(word=word))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()
    for _ in range(60):
        query = "".join(rng.choice("abcé") for _ in range(rng.randint(1, 7)))
        for distance in (1, 2):
            found = searcher.search(
                tantivy.Query.fuzzy_term_query(schema, "word", query, distance, True), 2_000
            )
            matched = {searcher.doc(address)["word"][0] for _, address in found.hits}
            assert matched == {w for w in words if edit_distance(query, w) <= distance}, (query, distance)

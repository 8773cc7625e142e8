"""Where a first file-share harvest's time goes: CPU by thread and process, and the run without the index.

    python -m bench.fileshare_breakdown --dir /tmp/fileshare-bench --files 200000

Uses the tree of `bench.fileshare_bench` (generated if missing) and runs three first harvests, each into
a fresh catalogue with the file contents warm, sampling (Linux /proc) the CPU time of every thread of this
process and of the reading worker processes:

1. as the product runs it;
2. with search indexing switched off (documents are built, never written), to show what the rest of the
   harvest costs on its own;
3. with indexing off and no document read either (`read_documents` false: no PDF, Office or spreadsheet
   parsed; names, times, sizes, owners and MIME types still read), to show what walking and storing cost.
   This is the floor of the harvest's own machinery, whatever the parsers and the search engine cost.

The first harvest's speed is bound by the harvest thread: it stores every item, and whatever else needs
the interpreter lock in this process (building search documents, unpickling the workers' results) waits
for it or makes it wait. A second processor runs the worker and the search engine's own threads.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from bench.fileshare_bench import MARKER, count_files, generate, time_find, warm_contents

TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(stat_path: str) -> tuple[str, float]:
    """A task's name and CPU time (user + system) from its /proc stat file."""
    with open(stat_path, encoding="utf-8", errors="replace") as handle:
        data = handle.read()
    name = data[data.index("(") + 1 : data.rindex(")")]
    fields = data[data.rindex(")") + 2 :].split()
    return name, (int(fields[11]) + int(fields[12])) / TICK


class CpuSampler:
    """Samples the CPU time of this process's threads and of its reading workers (children of the
    multiprocessing fork server) five times a second; `totals()` gives seconds used while it ran, by
    thread (named by the thread's name, or the worker's pid)."""

    def __init__(self) -> None:
        self._names = {t.native_id: t.name for t in threading.enumerate()}  # Python's names
        self._os_names: dict[int, str] = {}  # the system's, for threads Python did not start
        self._start = self._sample()
        self._latest = dict(self._start)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cpu-sampler", daemon=True)

    def __enter__(self) -> CpuSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self._take()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self._take()

    def _take(self) -> None:
        for thread in threading.enumerate():
            self._names.setdefault(thread.native_id, thread.name)
        for key, seconds in self._sample().items():
            self._latest[key] = max(self._latest.get(key, 0.0), seconds)

    def _sample(self) -> dict[tuple[str, int], float]:
        found: dict[tuple[str, int], float] = {}
        for tid in os.listdir("/proc/self/task"):
            try:
                name, seconds = _cpu_seconds(f"/proc/self/task/{tid}/stat")
            except (OSError, ValueError):
                continue
            found[("thread", int(tid))] = seconds
            self._os_names[int(tid)] = name
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as handle:
                    if b"forkserver" not in handle.read():
                        continue
                found[("worker", int(pid))] = _cpu_seconds(f"/proc/{pid}/stat")[1]
            except (OSError, ValueError):
                continue
        return found

    def totals(self) -> Counter[str]:
        used: Counter[str] = Counter()
        for (kind, ident), seconds in self._latest.items():
            spent = seconds - self._start.get((kind, ident), 0.0)
            if spent < 0.05:
                continue
            if kind == "worker":
                label = "reading worker processes"
            else:
                label = self._names.get(ident) or self._os_names.get(ident, str(ident))
                label = "harvest thread" if label == "MainThread" else label
            used[label] += spent
        return used


def first_harvest(root: Path, *, index: bool, read_documents: bool = True) -> tuple[float, Counter[str]]:
    """Seconds for a first harvest and CPU seconds by thread; with `index` False the search documents
    are built but not written."""
    from catalogue.config import load_settings
    from catalogue.indexer import Indexer
    from catalogue.runtime import Catalogue

    real_update = Indexer.update
    if not index:
        Indexer.update = lambda self, documents, ids: None  # type: ignore[method-assign]
    try:
        with tempfile.TemporaryDirectory(prefix="fileshare-breakdown-") as data:
            catalogue = Catalogue.open(load_settings(environ={}, overrides={"data_dir": data}), migrate=True)
            config = {
                "root": str(root),
                "hash_contents": False,
                "read_documents": read_documents,
                "exclude": [MARKER],
            }
            source = catalogue.sources.create("bench-share", "filesystem", config, actor="bench")
            runner = catalogue.harvest_runner()
            warm_contents(root)
            with CpuSampler() as sampler:
                start = time.perf_counter()
                run = runner.run(source)
                seconds = time.perf_counter() - start
            catalogue.close()
            if run.status != "succeeded":
                raise SystemExit(f"the harvest {run.status}")
            return seconds, sampler.totals()
    finally:
        Indexer.update = real_update  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "fileshare-bench")
    parser.add_argument("--files", type=int, default=200_000)
    args = parser.parse_args()
    root: Path = args.dir.resolve()
    generate(root, args.files)
    items = count_files(root) + sum(len(dirs) for _, dirs, _ in os.walk(root)) + 1
    find_s = time_find(root)
    budget = find_s / 0.03  # the time a first harvest has at 3 % of find's rate
    print(f"{items:,} items; find {find_s:.2f} s; at 3 % of its rate a first harvest has {budget:.1f} s\n")
    print("| first harvest | seconds | harvest thread CPU | CPU, all threads and workers |")
    print("|---|---:|---:|---:|")
    breakdowns = []
    runs = (
        ("as the product runs it", True, True),
        ("search index switched off", False, True),
        ("index off, no document read", False, False),
    )
    for label, index, read_documents in runs:
        seconds, used = first_harvest(root, index=index, read_documents=read_documents)
        breakdowns.append((label, used))
        print(f"| {label} | {seconds:.1f} | {used['harvest thread']:.1f} | {sum(used.values()):.1f} |")
    for label, used in breakdowns:
        print(f"\nCPU seconds by thread, {label}:")
        for name, spent in used.most_common():
            print(f"  {name:32s} {spent:6.1f}")


if __name__ == "__main__":
    main()

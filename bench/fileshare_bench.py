"""File-share harvest benchmark: a generated tree of N small files, harvested through the real runner.

    python -m bench.fileshare_bench --dir /tmp/fileshare-bench --files 200000

Generates (or reuses) a deterministic tree of N files of a few hundred bytes with council-like names in
10,000+ folders (for 200,000 files), then measures:

- the raw walk limit: `find DIR -printf '%s %T@ %p\\n' > /dev/null` (warm, best of 3);
- a Python `os.scandir` recursion with a stat of every entry (what the harvester's walk costs at least);
- a first harvest into a fresh temporary catalogue, with the files' contents warm in the page cache as the
  tree's metadata is for `find` (filesystem source, hash_contents off, read_documents on,
  files read in worker processes as the `read_processes` setting's default says);
- an unchanged re-harvest of the same source (best of 3, like the walks);
- a first harvest again, with every file read in the harvest process (`read_processes` 0), for comparison.

`--heap` measures instead the Python heap (tracemalloc) of a first and an unchanged harvest.

Each harvest is reported as files per second and as a share of the `find` rate, with the peak resident
memory of this process. Targets: unchanged re-harvest at least 25 % of the raw walk rate, first harvest at
least 3 %.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from harvesters.fs_parallel import automatic_processes

DEPARTMENTS = [
    "Finance",
    "Housing",
    "Planning",
    "Highways",
    "Waste",
    "Adult Social Care",
    "Childrens Services",
    "Libraries",
    "Legal",
    "HR",
]
AREAS = [
    "Projects",
    "Contracts",
    "Correspondence",
    "Reports",
    "Meetings",
    "Policies",
    "Data",
    "Complaints",
    "Audits",
    "Archive",
]
TOPICS = [
    "budget",
    "invoice",
    "tenancy",
    "inspection",
    "survey",
    "consultation",
    "permit",
    "agreement",
    "minutes",
    "register",
    "tracker",
    "assessment",
    "complaint",
    "referral",
    "schedule",
    "plan",
]
TEXT_EXTENSIONS = ["csv", "txt", "log", "json", "xml", "html", "md"]
MARKER = ".bench-tree"


def generate(root: Path, files: int, seed: int = 7) -> None:
    """A deterministic tree of `files` files, about 20 to a folder; reused when already there."""
    marker = root / MARKER
    if marker.exists() and marker.read_text() == f"{files}:{seed}":
        return
    if root.exists() and any(root.iterdir()):
        if not marker.exists():
            raise SystemExit(f"{root} is not empty and was not made by this benchmark: give another --dir")
        subprocess.run(["rm", "-rf", str(root)], check=True)
    rng = random.Random(seed)
    pdf, xlsx = _sample_pdf(), _sample_xlsx()
    folders = max(1, files // 20)
    written = 0
    for n in range(folders):
        dept = DEPARTMENTS[n % len(DEPARTMENTS)]
        area = AREAS[(n // len(DEPARTMENTS)) % len(AREAS)]
        folder = root / dept / area / f"{2015 + (n // 100) % 11}" / f"Case {n:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        count = files - written if n == folders - 1 else min(20, files - written)
        for i in range(count):
            topic = rng.choice(TOPICS)
            stem = f"{dept} {topic} {rng.randrange(1, 9999):04d} v{i % 4 + 1}"
            pick = rng.random()
            if pick < 0.08:
                (folder / f"{stem}.pdf").write_bytes(pdf)
            elif pick < 0.12:
                (folder / f"{stem}.xlsx").write_bytes(xlsx)
            else:
                ext = rng.choice(TEXT_EXTENSIONS)
                body = f"{stem}\n" + ",".join(rng.choice(TOPICS) for _ in range(rng.randrange(20, 60)))
                (folder / f"{stem}.{ext}").write_text(body + "\n", encoding="utf-8")
        written += count
    marker.write_text(f"{files}:{seed}")


def _sample_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Inspection report", "/Author": "Regulatory Services"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _sample_xlsx() -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ref", "Name", "Date"])
    for n in range(5):
        sheet.append([n, f"Item {n}", "2025-01-01"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def count_files(root: Path) -> int:
    return sum(len(names) for _, _, names in os.walk(root)) - 1  # less the marker


def time_find(root: Path) -> float:
    best = float("inf")
    for _ in range(4):  # the first warms the cache
        start = time.perf_counter()
        subprocess.run(
            ["find", str(root), "-printf", "%s %T@ %p\\n"],
            stdout=subprocess.DEVNULL,
            check=True,
        )
        best = min(best, time.perf_counter() - start)
    return best


def warm_contents(root: Path) -> float:
    """Read every file once, so that a first harvest reads from the page cache as `find` walks a warm
    tree (on this machine the cache lets go of file contents within a minute or two). Returns seconds."""
    start = time.perf_counter()
    for folder, _, names in os.walk(root):
        for name in names:
            with open(os.path.join(folder, name), "rb") as handle:
                handle.read()
    return time.perf_counter() - start


def time_scandir(root: Path) -> float:
    def walk(path: str) -> int:
        n = 0
        with os.scandir(path) as entries:
            for entry in entries:
                entry.stat(follow_symlinks=False)
                n += 1
                if entry.is_dir(follow_symlinks=False):
                    n += walk(entry.path)
        return n

    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        walk(str(root))
        best = min(best, time.perf_counter() - start)
    return best


class AnonymousMemory:
    """Samples the process's anonymous resident memory (heap, not mapped index files) twice a second;
    `peak` is the largest seen. Linux only (reads /proc/self/status)."""

    def __init__(self) -> None:
        import threading

        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> AnonymousMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while True:
            self.peak = max(self.peak, anonymous_kb())
            if self._stop.wait(0.5):
                return


def anonymous_kb() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def harvest(
    root: Path, read_processes: int | None = None, re_harvest: bool = True
) -> tuple[float, float, int, int]:
    """First and unchanged harvest times, and the counts the runs report. `read_processes`: the source's
    setting (None: automatic, 0: read in the harvest process)."""
    from catalogue.config import load_settings
    from catalogue.runtime import Catalogue

    with tempfile.TemporaryDirectory(prefix="fileshare-bench-") as data:
        settings = load_settings(environ={}, overrides={"data_dir": data})
        catalogue = Catalogue.open(settings, migrate=True)
        config = {
            "root": str(root),
            "hash_contents": False,
            "read_documents": True,
            "exclude": [MARKER],
            "read_processes": read_processes,
        }
        source = catalogue.sources.create("bench-share", "filesystem", config, actor="bench")
        runner = catalogue.harvest_runner()
        print(f"file contents read once beforehand (warm cache): {warm_contents(root):.1f} s")
        start = time.perf_counter()
        first = runner.run(source)
        first_s = time.perf_counter() - start
        print(f"first run (read_processes {read_processes}): {first.status} added {first.added}")
        if not re_harvest:
            catalogue.close()
            return first_s, float("nan"), first.added, 0
        again_s = float("inf")
        for _ in range(3):  # best of 3, as the walks it is compared with
            start = time.perf_counter()
            again = runner.run(catalogue.sources.get(source.id))
            again_s = min(again_s, time.perf_counter() - start)
        print(f"first run: {first.status} added {first.added} failed {first.failed}")
        print(f"second run: {again.status} unchanged {again.unchanged} updated {again.updated}")
        catalogue.close()
        return first_s, again_s, first.added, again.unchanged


def heap(root: Path) -> None:
    """The Python heap's peak (tracemalloc) during a first and an unchanged harvest, above where it
    started; slow, so apart from the timed runs."""
    import tracemalloc

    from catalogue.config import load_settings
    from catalogue.runtime import Catalogue

    with tempfile.TemporaryDirectory(prefix="fileshare-heap-") as data:
        catalogue = Catalogue.open(load_settings(environ={}, overrides={"data_dir": data}), migrate=True)
        config = {"root": str(root), "hash_contents": False, "read_documents": True, "exclude": [MARKER]}
        source = catalogue.sources.create("bench-share", "filesystem", config, actor="bench")
        runner = catalogue.harvest_runner()
        tracemalloc.start()
        for label in ("first harvest", "unchanged re-harvest"):
            tracemalloc.reset_peak()
            start = tracemalloc.get_traced_memory()[0]
            run = runner.run(catalogue.sources.get(source.id))
            now, peak = tracemalloc.get_traced_memory()
            print(
                f"{label}: {run.status}, {run.added + run.unchanged:,} items; Python heap peak "
                f"{(peak - start) / 1e6:.1f} MB above its start, {(now - start) / 1e6:+.1f} MB after"
            )
        tracemalloc.stop()
        catalogue.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "fileshare-bench")
    parser.add_argument("--files", type=int, default=200_000)
    parser.add_argument(
        "--heap", action="store_true", help="only measure the Python heap of a first and a second harvest"
    )
    args = parser.parse_args()
    if args.heap:
        generate(args.dir.resolve(), args.files)
        heap(args.dir.resolve())
        return
    root: Path = args.dir.resolve()

    start = time.perf_counter()
    generate(root, args.files)
    print(f"tree ready in {time.perf_counter() - start:.1f} s: {root}")
    files = count_files(root)
    folders = sum(len(dirs) for _, dirs, _ in os.walk(root))
    items = files + folders + 1
    find_s = time_find(root)
    scan_s = time_scandir(root)
    with AnonymousMemory() as memory:
        first_s, again_s, added, unchanged = harvest(root)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    in_process_s = harvest(root, read_processes=0, re_harvest=False)[0]

    find_rate = items / find_s
    rows = [
        ("raw walk (find -printf)", find_s),
        ("os.scandir recursion", scan_s),
        ("first harvest, files read in the harvest process", in_process_s),
        (f"first harvest, files read in {automatic_processes()} worker process(es)", first_s),
        ("unchanged re-harvest", again_s),
    ]
    print(
        f"\n{files:,} files in {folders:,} folders ({items:,} items; first run added {added:,}, "
        f"re-harvest unchanged {unchanged:,})\n"
    )
    print("| step | seconds | items/s | share of find rate |")
    print("|---|---:|---:|---:|")
    for label, seconds in rows:
        rate = items / seconds
        print(f"| {label} | {seconds:.2f} | {rate:,.0f} | {rate / find_rate:.1%} |")
    print(
        f"\npeak memory: {peak_mb:,.0f} MB resident in all (maxrss, with mapped index files), "
        f"{memory.peak / 1024:,.0f} MB anonymous (heap)"
    )
    first_share, again_share = (items / first_s) / find_rate, (items / again_s) / find_rate
    print(
        f"targets: re-harvest >= 25% ({'met' if again_share >= 0.25 else 'missed'}), "
        f"first harvest >= 3% ({'met' if first_share >= 0.03 else 'missed'})"
    )


if __name__ == "__main__":
    main()

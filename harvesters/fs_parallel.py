"""Reading a file share's files in worker processes.

Parsing PDFs and workbooks is pure Python and holds the interpreter, so a large first harvest spends
most of its time on one processor. Worker processes read (stat, sniff, hash, parse) batches of listed
files while the harvest process stores and indexes what came back: on a machine with several processors
the two overlap. Results come back in the listing's order, so parents still come before children.

A worker that dies (a parser crashing the interpreter, the machine running out of memory) does not fail
the harvest: the rest of the batch is read in the harvest's own process, and no pool is used again.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from harvesters.base import ItemError, ItemRef, Record

if TYPE_CHECKING:
    from harvesters.base import Harvester

log = logging.getLogger(__name__)

Outcome = Record | ItemError
CHUNK = 200  # refs sent to a worker at a time: its results come back while this process is busy storing
MAX_AUTOMATIC = 8

_worker_harvester: Harvester | None = None  # in a worker process: built once from the source's settings


def automatic_processes() -> int:
    """One fewer than the machine's processors (the harvest process stores and indexes), at most 8."""
    return max(0, min(MAX_AUTOMATIC, (os.cpu_count() or 1) - 1))


def _start_worker(config: Mapping[str, Any]) -> None:
    global _worker_harvester
    from harvesters.filesystem import FileSystemHarvester

    _worker_harvester = FileSystemHarvester({**config, "read_processes": 0})


def _read_chunk(refs: Sequence[ItemRef]) -> list[Outcome]:
    assert _worker_harvester is not None, "started by _start_worker"
    return [_worker_harvester.read_outcome(ref) for ref in refs]


def _context() -> Any:
    # forkserver: workers are forked from a clean server process, never from a harvest process that has
    # threads (a scheduler, a web server) and open database connections
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class ParallelReader:
    """A pool of worker processes reading for one harvester; started on first use, closed by `close`."""

    def __init__(self, config: Mapping[str, Any], processes: int) -> None:
        self.config, self.processes = dict(config), processes
        self._pool: ProcessPoolExecutor | None = None
        self.broken = False

    def read(self, refs: Sequence[ItemRef], fallback: Callable[[ItemRef], Outcome]) -> Iterator[Outcome]:
        """The outcome of each ref, in order. The reading starts now, not when the first outcome is asked
        for, so a caller can start the next batch before it takes this one. `fallback` reads one ref in
        this process (after a worker died)."""
        if self.broken:
            return (fallback(ref) for ref in refs)
        chunks = [refs[i : i + CHUNK] for i in range(0, len(refs), CHUNK)]
        try:
            results = self._started().map(_read_chunk, chunks)
        except BrokenProcessPool as error:
            self._give_up(error)
            return (fallback(ref) for ref in refs)
        return self._outcomes(refs, results, fallback)

    def _outcomes(
        self,
        refs: Sequence[ItemRef],
        results: Iterator[list[Outcome]],
        fallback: Callable[[ItemRef], Outcome],
    ) -> Iterator[Outcome]:
        done = 0
        try:
            for outcomes in results:
                for outcome in outcomes:
                    done += 1
                    yield outcome
            return
        except BrokenProcessPool as error:
            self._give_up(error)
        for ref in refs[done:]:
            yield fallback(ref)

    def _give_up(self, error: BaseException) -> None:
        if not self.broken:
            log.warning("a reading process stopped (%s); reading in the harvest process instead", error)
        self.broken = True
        self.close()

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.processes, mp_context=_context(), initializer=_start_worker, initargs=(self.config,)
            )
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

"""The harvester interface: what every harvester is, what it produces, and the two kinds of error."""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple

from marshmallow import Schema


@dataclass(frozen=True)
class Column:
    """One column of a table, view or spreadsheet sheet."""

    name: str
    data_type: str = ""
    nullable: bool | None = None
    default: str | None = None
    comment: str = ""
    primary_key: bool = False


@dataclass(frozen=True)
class Record:
    """One asset as its source describes it.

    `key` is stable within the source (a path relative to the share root, `schema.table`, a Graph item id).
    `fields` holds harvested values of the layered fields named in `catalogue.fields` (JSON-friendly:
    strings, numbers, lists of strings, ISO 8601 dates and datetimes).
    """

    key: str
    fields: Mapping[str, Any]
    parent_key: str | None = None
    columns: Sequence[Column] = field(default_factory=tuple)
    fingerprint: str = ""  # the ItemRef fingerprint it was read for ("" when the source has none)
    warnings: Sequence[str] = field(default_factory=tuple)  # problems that did not stop cataloguing it


class ItemRef(NamedTuple):
    """One item found by the cheap listing step.

    `fingerprint` changes whenever the item changes (modified time and size, an ETag); the runner skips
    the read step when it equals the stored one. `hint` carries harvester-private data from listing to
    reading (a stat result, say) and is never stored.

    A named tuple rather than a frozen dataclass: a listing builds one per item, and a tuple is built in
    a third of the time.
    """

    key: str
    parent_key: str | None = None
    fingerprint: str = ""
    hint: Any = None


@dataclass(frozen=True)
class ListingGap:
    """Part of the source could not be listed (a folder it may not read). Assets under `key_prefix` are
    kept as they are: nothing there is marked gone by this run."""

    key_prefix: str
    message: str


@dataclass(frozen=True)
class Deleted:
    """A change feed says this item was deleted at source."""

    key: str


Listed = ItemRef | Record | ListingGap | Deleted


class ItemRefs(list[ItemRef]):
    """Several refs listed together, in listing order (a folder's entries, a page of results).

    `Harvester.list_batches` may yield these: the runner then takes them in one step instead of one step
    per item, which is most of what an unchanged re-harvest of a large share costs.
    """


class Harvester(abc.ABC):
    """A reader of one kind of source system. See harvesters/README.md for the rules.

    Subclasses set `kind`, `title` and `config_schema` (a marshmallow schema: unknown keys rejected, every
    field described in its metadata, secrets `load_only`). The runner builds the harvester with the
    validated config, secrets already resolved.
    """

    kind: ClassVar[str]
    title: ClassVar[str]
    config_schema: ClassVar[type[Schema]]
    # read_items reads in parallel, starting when it is called: the runner hands it several write batches
    # of changed refs at a time, and starts the next such batch before it takes the last one's outcomes
    # (others get one batch, so what they read is stored as early as possible)
    reads_ahead: ClassVar[bool] = False
    # Raised when what read_item makes of an unchanged item changes (a new field, a value moved): every
    # item's change marker then differs once, so the next run reads everything again. (A change feed lists
    # only what changed at source: it needs a `--full` run instead.)
    record_version: ClassVar[int] = 1

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config

    @abc.abstractmethod
    def list_items(self) -> Iterator[Listed]:
        """The cheap listing step: every item of the source, parents before children.

        Yield ItemRef for items that need a read step, or a whole Record when listing already tells
        everything (or the source is a change feed); ListingGap for a part that could not be listed;
        Deleted for deletions a change feed reports. Raise SourceError when the source is unusable.
        The listing is complete when the iterator ends without SourceError.
        """

    def list_batches(self) -> Iterator[Listed | ItemRefs]:
        """The listing as the runner takes it: `list_items`, except that a run of refs the harvester has at
        hand together may come as one ItemRefs. By default, one item at a time."""
        return self.list_items()

    def read_item(self, ref: ItemRef) -> Record:
        """The per-item read step. Raise ItemError when this item alone cannot be read."""
        raise NotImplementedError(f"{type(self).__name__} yields whole records from list_items")

    def read_items(self, refs: Sequence[ItemRef]) -> Iterator[Record | ItemError]:
        """The read step for a batch of refs: each one's Record, or the ItemError that stopped it, in the
        refs' order. One by one here; a harvester may read in parallel (the file share does)."""
        for ref in refs:
            yield self.read_outcome(ref)

    def read_outcome(self, ref: ItemRef) -> Record | ItemError:
        """`read_item`, with an ItemError returned rather than raised."""
        try:
            return self.read_item(ref)
        except ItemError as error:
            return error

    def resume_from(self, checkpoint: Mapping[str, Any]) -> None:  # noqa: B027 - optional hook
        """Called before `list_items` with the checkpoint the last successful run handed back (empty on the
        first run and on a full run). A change-feed harvester lists only what changed since it."""

    def checkpoint(self) -> Mapping[str, Any] | None:
        """Asked after `list_items` has ended: the state the next run resumes from (delta links, say), or
        None to keep none. The runner stores it, encrypted, only once every record of this run is
        committed, and never when the run fails, so a stopped run resumes from the old checkpoint."""
        return None

    def listing_is_complete(self) -> bool:
        """Asked after `list_items` has ended: True when the listing named every item of the source, so
        what it did not name is gone (under the runner's guards). A change feed that listed only changes
        returns False: the runner then marks exactly the `Deleted` keys gone and retires nothing else."""
        return True

    def keep_alive_with(self, heartbeat: Callable[[], None]) -> None:
        """The runner hands over a heartbeat (a renewal of the source's lease) before `list_items`."""
        self._heartbeat = heartbeat

    def heartbeat(self) -> None:
        """Call this while waiting a long time (throttling, say), every half minute or so: a wait longer
        than the lease would otherwise look like a dead run. Raises when the run must stop."""
        beat = getattr(self, "_heartbeat", None)
        if beat is not None:
            beat()

    def check(self) -> None:
        """Test the connection: raise SourceError with a clear reason when the source cannot be read."""
        for _ in self.list_items():
            return

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""


class SourceError(Exception):
    """The source as a whole cannot be read (unreachable, bad credentials): the run aborts."""


class ItemError(Exception):
    """One item could not be read; the run records it and goes on."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message

    def __reduce__(self) -> tuple[type[ItemError], tuple[str, str]]:
        return type(self), (self.key, self.message)  # pickled whole (read in a worker process)

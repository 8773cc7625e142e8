"""The file-share harvester: local or mounted folders and SMB shares.

Listing walks the tree (depth first, names in order, parents before children) and yields an ItemRef per
item with the fingerprint `"<time>:<size>"` (folders: `"<time>"`), so unchanged files are not read again.
The time is the inode's change time on a POSIX path (a write, but also a chmod or chown, moves it, so new
permissions are read) and the modified time over SMB (where the change time also moves whenever a backup
clears the archive bit). Keys are paths relative to the root with `/` separators; the root itself, a
record of kind "share", has the key "/" (see `harvesters.fs_paths`).

Problems and what becomes of them:

- root missing, not a folder, not listable, or the share unreachable -> SourceError (the run aborts);
- the share going away or the root disappearing during the walk -> SourceError;
- a folder that may not be listed -> ListingGap for everything below it (its own record is still made);
- a file that may not be read -> a Record from the listing's data, with a warning;
- a file deleted between listing and reading -> ItemError;
- a damaged or password-protected document -> a Record without its properties, with a warning;
- symbolic links and junctions are not followed unless `follow_symlinks`; each real folder is walked once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate, validates

from harvesters.base import Harvester, ItemError, ItemRef, ItemRefs, Listed, Record, SourceError
from harvesters.fs_local import LocalWalker
from harvesters.fs_parallel import ParallelReader, automatic_processes
from harvesters.fs_paths import ROOT_KEY, LocalRoot, RootError, Selection, parse_root
from harvesters.fs_records import ContentRules, build_record
from harvesters.fs_smb import SmbWalker
from harvesters.fs_walker import Entry, FolderUnreadable, Vanished, Walker, WalkRules, walk, walk_folders

DEFAULT_MAX_FILE_SIZE = 256 * 1024 * 1024
PARALLEL_FROM = 2000  # changed files in one batch before worker processes are worth starting (~0.5 s)


class FileSystemConfigSchema(Schema):
    """Settings of a file-share source."""

    class Meta:
        unknown = RAISE

    root = fields.Str(
        required=True,
        metadata={
            "description": "A local or mounted folder, smb://host[:port]/share/path or \\\\host\\share\\path"
        },
    )
    username = fields.Str(
        load_default=None, allow_none=True, metadata={"description": "SMB user name (DOMAIN\\user)"}
    )
    password = fields.Str(
        load_default=None,
        allow_none=True,
        load_only=True,
        metadata={"description": "Password for the SMB share", "secret": True},
    )
    include_globs = fields.List(
        fields.Str(),
        data_key="include",
        load_default=list,
        metadata={"description": "Globs of files to catalogue (all when empty); ** spans folders"},
    )
    exclude_globs = fields.List(
        fields.Str(),
        data_key="exclude",
        load_default=list,
        metadata={"description": "Globs of files and folders to leave out; a glob without / matches names"},
    )
    include_hidden = fields.Bool(
        load_default=False,
        metadata={"description": "Catalogue dot-files and items with the Windows hidden or system attribute"},
    )
    follow_symlinks = fields.Bool(
        load_default=False,
        metadata={"description": "Follow symbolic links and junctions (each real folder is walked once)"},
    )
    max_depth = fields.Int(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=0),
        metadata={"description": "Deepest level listed: 1 lists the root's own items, empty means no limit"},
    )
    max_file_size = fields.Int(
        load_default=DEFAULT_MAX_FILE_SIZE,
        validate=validate.Range(min=0),
        metadata={"description": "Bytes: larger files are catalogued without hashing or parsing them"},
    )
    hash_contents = fields.Bool(
        load_default=True, metadata={"description": "Record each file's quickXorHash (finds duplicates)"}
    )
    read_documents = fields.Bool(
        load_default=True,
        metadata={"description": "Read document properties and spreadsheet structure (sheets, header, rows)"},
    )
    sniff_all_types = fields.Bool(
        load_default=False,
        metadata={
            "description": "Identify every file's type from its first bytes (libmagic), not only files "
            "whose name gives no type; slower"
        },
    )
    read_processes = fields.Int(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=0, max=64),
        metadata={
            "description": "Worker processes reading files beside the harvest on large runs (local and "
            "mounted folders): 0 reads in the harvest's own process; empty means one fewer than the "
            "machine's processors, at most 8"
        },
    )
    connection_timeout = fields.Int(
        load_default=30,
        validate=validate.Range(min=1),
        metadata={"description": "Seconds to wait for an SMB server to answer a connection"},
    )

    @validates("root")
    def _check_root(self, value: str, data_key: str) -> None:
        try:
            parse_root(value)
        except RootError as error:
            raise ValidationError(str(error)) from None


class FileSystemHarvester(Harvester):
    """Folders and files of a file share, with document and spreadsheet metadata."""

    kind: ClassVar[str] = "filesystem"
    title: ClassVar[str] = "File share"
    config_schema: ClassVar[type[Schema]] = FileSystemConfigSchema
    reads_ahead: ClassVar[bool] = True  # large batches are read in worker processes
    # 2: owner and readers at source in their own fields; 3: flags at source (no longer tags), domain groups
    record_version: ClassVar[int] = 3

    def __init__(self, config: Mapping[str, Any]) -> None:
        super().__init__(config)
        try:
            # Tolerates keys the runner adds for every source; the runner's validation refuses unknown ones.
            settings: dict[str, Any] = FileSystemConfigSchema(unknown=EXCLUDE).load(_as_written(config))
        except ValidationError as error:
            raise SourceError(f"invalid file-share settings: {error.messages}") from None
        self._settings = settings
        self._walk_rules = WalkRules(
            selection=Selection(
                include=tuple(settings["include_globs"]), exclude=tuple(settings["exclude_globs"])
            ),
            include_hidden=settings["include_hidden"],
            follow_links=settings["follow_symlinks"],
            max_depth=settings["max_depth"],
        )
        self._content_rules = ContentRules(
            hash_contents=settings["hash_contents"],
            read_documents=settings["read_documents"],
            max_file_size=settings["max_file_size"],
            sniff_all=settings["sniff_all_types"],
        )
        self._walker: Walker | None = None
        self._reader: ParallelReader | None = None

    @property
    def walker(self) -> Walker:
        if self._walker is None:
            root = parse_root(self._settings["root"])
            if isinstance(root, LocalRoot):
                self._walker = LocalWalker(root.path, follow_links=self._settings["follow_symlinks"])
            else:
                self._walker = SmbWalker(
                    root,
                    username=self._settings["username"],
                    password=self._settings["password"],
                    timeout=self._settings["connection_timeout"],
                )
        return self._walker

    def list_items(self) -> Iterator[Listed]:
        yield from walk(self.walker, self._walk_rules)

    def list_batches(self) -> Iterator[Listed | ItemRefs]:
        yield from walk_folders(self.walker, self._walk_rules)  # a folder's entries at a time

    def read_item(self, ref: ItemRef) -> Record:
        entry = ref.hint if isinstance(ref.hint, Entry) else self._relisted(ref.key)
        return build_record(
            self.walker,
            entry,
            ref.key,
            ref.parent_key,
            is_root=ref.key == ROOT_KEY,
            fingerprint=ref.fingerprint,
            rules=self._content_rules,
        )

    def read_items(self, refs: Sequence[ItemRef]) -> Iterator[Record | ItemError]:
        """Large batches of a local or mounted root are read in worker processes (harvesters.fs_parallel)."""
        reader = self._parallel_reader() if len(refs) >= PARALLEL_FROM else None
        if reader is None:
            return super().read_items(refs)
        return reader.read(refs, self.read_outcome)  # started now: the runner reads ahead

    def _parallel_reader(self) -> ParallelReader | None:
        if self._reader is None:
            processes = self._settings["read_processes"]
            processes = automatic_processes() if processes is None else processes
            if processes == 0 or not isinstance(parse_root(self._settings["root"]), LocalRoot):
                return None  # an SMB share is read over one connection, in this process
            self._reader = ParallelReader(self.config, processes)
        return None if self._reader.broken else self._reader

    def _relisted(self, key: str) -> Entry:
        """A fresh look at an item when the listing's data did not come along."""
        walker = self.walker
        root = walker.root()
        if key == ROOT_KEY:
            return root
        path = root.path
        for name in key.split("/"):
            path = walker.child_path(path, name)
        try:
            entry = walker.stat(path)
            if entry.is_link and self._walk_rules.follow_links:
                entry = walker.resolve(entry)
        except Vanished:
            raise ItemError(key, "the item was gone before it could be read") from None
        except FolderUnreadable as error:
            raise ItemError(key, f"the item cannot be read: {error}") from None
        return entry

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._walker is not None:
            self._walker.close()
            self._walker = None


def _as_written(config: Mapping[str, Any]) -> dict[str, Any]:
    """The settings under the names a source's config uses. The runner hands over the schema's loaded
    form, where `include` and `exclude` are called `include_globs` and `exclude_globs`: loading that
    again would drop them as unknown keys."""
    written = dict(config)
    for name, schema_field in FileSystemConfigSchema().fields.items():
        key = schema_field.data_key
        if key and key != name and name in written and key not in written:
            written[key] = written.pop(name)
    return written

"""The file-share harvester on local folders: real files made by their libraries, real permissions."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import acting_as
from marshmallow import ValidationError
from quickxor_reference import quick_xor_base64  # Microsoft's algorithm, transcribed

from harvesters.base import ItemError, ItemRef, ItemRefs, ListingGap, Record, SourceError
from harvesters.filesystem import FileSystemConfigSchema, FileSystemHarvester
from harvesters.fs_local import LocalWalker
from harvesters.fs_paths import LocalRoot, SmbRoot, glob_match, parse_root
from harvesters.fs_records import OPEN_FLAG

ROOT = Path(__file__).resolve().parents[2]
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Harvest:
    listed: list[Any]
    records: dict[str, Record] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def gaps(self) -> list[ListingGap]:
        return [item for item in self.listed if isinstance(item, ListingGap)]

    @property
    def keys(self) -> list[str]:
        return [item.key for item in self.listed if isinstance(item, ItemRef)]


def harvest(root: Path | str, **config: Any) -> Harvest:
    """Lists, then reads every listed item, as the runner does on a first run."""
    harvester = FileSystemHarvester({"root": str(root), **config})
    try:
        result = Harvest(listed=list(harvester.list_items()))
        for item in result.listed:
            if isinstance(item, ItemRef):
                try:
                    result.records[item.key] = harvester.read_item(item)
                except ItemError as error:
                    result.errors[item.key] = error.message
    finally:
        harvester.close()
    return result


# ----- structure ------------------------------------------------------------------------------------------


def test_the_tree_becomes_a_share_of_folders_and_files_parents_first(council_tree: Path) -> None:
    result = harvest(council_tree)

    kinds = {key: record.fields["kind"] for key, record in result.records.items()}
    assert kinds == {
        "/": "share",
        "Finance": "folder",
        "Finance/Budgets": "folder",
        "Finance/Budgets/2024": "folder",
        "Finance/Budgets/2024/small.xlsx": "spreadsheet",
        "Finance/Budgets/tenants.xlsx": "spreadsheet",
        "Finance/payments.csv": "spreadsheet",
        "Finance/report.pdf": "document",
        "HR": "folder",
        "HR/briefing.pptx": "document",
        "HR/minutes.odt": "document",
        "HR/policy.docx": "document",
        "HR/report copy.pdf": "document",
        "notes.txt": "document",
    }
    seen: set[str] = set()
    for item in result.listed:
        parent = item.parent_key
        assert parent is None if item.key == "/" else parent in seen, f"{item.key} before its parent"
        seen.add(item.key)
    assert result.records["Finance/Budgets/2024/small.xlsx"].parent_key == "Finance/Budgets/2024"
    assert result.records["notes.txt"].parent_key == "/"
    assert result.records["/"].fields["location"] == str(council_tree)
    assert result.records["HR/policy.docx"].fields["location"] == str(council_tree / "HR" / "policy.docx")
    assert result.gaps == []
    assert result.errors == {}


def test_fingerprints_follow_modified_time_and_size(council_tree: Path) -> None:
    result = harvest(council_tree)
    ref = next(i for i in result.listed if isinstance(i, ItemRef) and i.key == "notes.txt")
    info = os.stat(council_tree / "notes.txt")
    assert ref.fingerprint == f"{info.st_mtime_ns}:{info.st_size}"
    assert result.records["notes.txt"].fingerprint == ref.fingerprint
    record = result.records["notes.txt"].fields
    assert record["size_bytes"] == info.st_size
    assert record["modified_at_source"].endswith("+00:00")


def test_an_empty_root_lists_only_itself(open_dir: Path) -> None:
    result = harvest(open_dir)
    assert result.keys == ["/"]
    assert result.records["/"].fields["kind"] == "share"


@pytest.mark.parametrize("make", ["missing", "file"])
def test_a_missing_or_non_folder_root_is_a_source_error(open_dir: Path, make: str) -> None:
    root = open_dir / "nowhere"
    if make == "file":
        root.write_text("not a folder")
    harvester = FileSystemHarvester({"root": str(root)})
    with pytest.raises(SourceError, match="does not exist" if make == "missing" else "is not a folder"):
        harvester.check()


# ----- metadata ----------------------------------------------------------------------------------------


def test_document_properties_are_read(council_tree: Path) -> None:
    os.chmod(council_tree / "notes.txt", 0o640)  # owner and group may read it, others not
    records = harvest(council_tree).records

    pdf = records["Finance/report.pdf"].fields
    assert pdf["title"] == "Annual Report"
    assert pdf["created_by"] == "Finance Team"
    assert pdf["tags"] == ["budget", "annual"]
    assert pdf["flags"] == [OPEN_FLAG]  # mode 0644
    assert pdf["created_at_source"] == "2021-03-04T05:06:07+00:00"
    assert "Quarterly figures" in pdf["description"]

    word = records["HR/policy.docx"].fields
    assert (word["title"], word["created_by"], word["modified_by"]) == (
        "Allocations Policy",
        "Policy Officer",
        "Editor Person",
    )
    assert word["tags"] == ["housing", "policy"]
    assert word["description"].startswith("Allocations")
    assert word["created_at_source"] == "2021-03-04T05:06:07+00:00"

    assert records["HR/briefing.pptx"].fields["title"] == "Staff Briefing"
    assert records["HR/briefing.pptx"].fields["created_by"] == "Presenter Person"

    odt = records["HR/minutes.odt"].fields
    assert (odt["title"], odt["created_by"], odt["modified_by"]) == (
        "Board Minutes",
        "Clerk Person",
        "Last Editor",
    )
    assert odt["tags"] == ["minutes", "board"]
    assert odt["created_at_source"] == "2020-01-02T03:04:05+00:00"

    # a file without document properties keeps its name as title; its POSIX owner and readers have their
    # own fields (not the creator's, not the description)
    notes = records["notes.txt"].fields
    assert notes["title"] == "notes.txt"
    assert "created_by" not in notes
    assert "description" not in notes
    assert notes["owner_at_source"] == "root"
    assert notes["readable_at_source_by"] == ["root", "group root"]
    assert odt["owner_at_source"] == "root"  # a document's author does not replace its owner at source


def test_what_everyone_may_read_at_source_is_tagged(council_tree: Path) -> None:
    os.chmod(council_tree / "notes.txt", 0o640)
    os.chmod(council_tree / "HR", 0o750)
    os.chmod(council_tree / "Finance" / "report.pdf", 0o604)  # others may read it, the group may not
    records = harvest(council_tree).records

    def tagged(key: str) -> bool:
        return OPEN_FLAG in records[key].fields.get("flags", [])

    assert tagged("Finance/report.pdf")
    assert records["Finance/report.pdf"].fields["readable_at_source_by"] == ["root", "everyone"]
    assert tagged("Finance")  # folders too: everyone may list them
    assert tagged("/")
    assert not tagged("HR")
    assert tagged("HR/policy.docx")  # its own mode bits say so, whatever its folder's say
    assert not tagged("notes.txt")
    assert "flags" not in records["notes.txt"].fields


def test_spreadsheet_structure(council_tree: Path, files: SimpleNamespace) -> None:
    files.ods(council_tree / "grants.ods", {"Grants": [["Name", "Amount", "Ward"], ["A", "1", "X"]]}, 5000)
    files.xlsx(council_tree / "late header.xlsx", {"Sheet": files.table(3, 2, blank_rows=2)})
    records = harvest(council_tree).records

    small = records["Finance/Budgets/2024/small.xlsx"]
    assert small.fields["title"] == "Budget 2024"
    assert small.fields["created_by"] == "Analyst Person"
    assert (small.fields["row_count"], small.fields["column_count"]) == (5, 4)
    assert [column.name for column in small.columns] == ["Field 1", "Field 2", "Field 3", "Field 4"]

    payments = records["Finance/payments.csv"]
    assert (payments.fields["row_count"], payments.fields["column_count"]) == (20, 3)
    assert [column.name for column in payments.columns] == ["Field 1", "Field 2", "Field 3"]

    grants = records["grants.ods"]  # the repeated empty tail rows and cells do not count
    assert (grants.fields["row_count"], grants.fields["column_count"]) == (1, 3)
    assert [column.name for column in grants.columns] == ["Name", "Amount", "Ward"]
    assert grants.fields["title"] == "Grants register"

    late = records["late header.xlsx"]
    assert (late.fields["row_count"], late.fields["column_count"]) == (3, 2)
    assert [column.name for column in late.columns] == ["Field 1", "Field 2"]


def test_mime_types_come_from_the_name_then_the_content(council_tree: Path) -> None:
    shutil.copyfile(council_tree / "Finance" / "report.pdf", council_tree / "scan.dat")
    (council_tree / "blob.bin").write_bytes(os.urandom(300))
    records = harvest(council_tree).records
    formats = {key: record.fields.get("format") for key, record in records.items()}
    assert formats["Finance/report.pdf"] == PDF
    assert formats["scan.dat"] == PDF  # the bytes say PDF whatever the name
    assert formats["HR/policy.docx"] == DOCX
    assert formats["Finance/Budgets/tenants.xlsx"] == XLSX
    assert formats["Finance/payments.csv"] == "text/csv"  # libmagic says text/plain
    assert formats["notes.txt"] == "text/plain"
    assert formats["HR/minutes.odt"] == "application/vnd.oasis.opendocument.text"
    assert formats["blob.bin"] == "application/octet-stream"
    assert "format" not in records["Finance"].fields


def test_every_file_can_be_typed_by_its_bytes(council_tree: Path) -> None:
    shutil.copyfile(council_tree / "Finance" / "report.pdf", council_tree / "disguised.txt")
    by_name = harvest(council_tree).records["disguised.txt"].fields["format"]
    by_bytes = harvest(council_tree, sniff_all_types=True).records["disguised.txt"].fields["format"]
    assert (by_name, by_bytes) == ("text/plain", PDF)


def test_content_hashes_find_duplicates(council_tree: Path) -> None:
    records = harvest(council_tree).records
    data = (council_tree / "Finance" / "report.pdf").read_bytes()
    original = records["Finance/report.pdf"].fields
    assert original["content_hash"] == hashlib.sha256(data).hexdigest()
    assert original["quick_xor_hash"] == "quickxor:" + quick_xor_base64(data)  # SharePoint's hash
    copy = records["HR/report copy.pdf"].fields
    assert copy["content_hash"] == original["content_hash"]
    assert copy["quick_xor_hash"] == original["quick_xor_hash"]
    other = records["HR/policy.docx"].fields
    assert other["content_hash"] != original["content_hash"]
    assert other["quick_xor_hash"] != original["quick_xor_hash"]


def test_hashing_and_reading_documents_can_be_switched_off(council_tree: Path) -> None:
    records = harvest(council_tree, hash_contents=False, read_documents=False).records
    pdf = records["Finance/report.pdf"].fields
    assert "content_hash" not in pdf
    assert "quick_xor_hash" not in pdf
    assert pdf["title"] == "report.pdf"
    assert pdf["format"] == PDF  # the type is still sniffed
    assert "row_count" not in records["Finance/Budgets/tenants.xlsx"].fields


def test_files_over_the_size_limit_are_neither_hashed_nor_parsed(council_tree: Path) -> None:
    limit = os.path.getsize(council_tree / "notes.txt")
    records = harvest(council_tree, max_file_size=limit).records
    assert "content_hash" in records["notes.txt"].fields
    big = records["HR/policy.docx"].fields
    assert "content_hash" not in big
    assert "quick_xor_hash" not in big
    assert big["title"] == "policy.docx"
    assert big["format"] == DOCX
    assert big["size_bytes"] > limit
    assert records["HR/policy.docx"].warnings == ()


# ----- shadow databases ---------------------------------------------------------------------------------


def test_spreadsheets_that_look_like_databases_are_flagged(open_dir: Path, files: SimpleNamespace) -> None:
    root = open_dir
    files.xlsx(root / "big.xlsx", {"Cases": files.table(1500, 5)})
    files.xlsx(root / "wide.xlsx", {"Survey": files.table(10, 45)})
    files.xlsx(root / "tables.xlsx", {name: files.table(10, 4) for name in ("Clients", "Visits", "Staff")})
    files.add_zip_members(
        files.xlsx(root / "macro.xlsx", {"S": files.table(3, 3)}), {"xl/vbaProject.bin": b"x"}
    )
    files.xlsx(root / "enabled.xlsm", {"S": files.table(3, 3)})
    files.add_zip_members(
        files.xlsx(root / "linked.xlsx", {"S": files.table(3, 3)}),
        {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"},
    )
    files.xlsx(root / "small.xlsx", {"S": files.table(10, 4), "Notes": [["just a note"]]})
    files.csv(root / "export.csv", files.table(1001, 3), delimiter=";")
    (root / "legacy.accdb").write_bytes(b"\x00\x01\x00\x00Standard ACE DB" + bytes(200))
    records = harvest(root).records

    def reasons(key: str) -> list[str]:
        flags = records[key].fields.get("flags", [])
        found = ("shadow database", OPEN_FLAG)
        return sorted(flag for flag in flags if flag not in found) if "shadow database" in flags else []

    assert reasons("big.xlsx") == ["many rows"]
    assert records["big.xlsx"].fields["row_count"] == 1500
    assert "1,500 rows of sheet 'Cases'" in records["big.xlsx"].fields["description"]
    assert reasons("wide.xlsx") == ["many columns"]
    assert reasons("tables.xlsx") == ["several tables"]
    assert reasons("macro.xlsx") == ["macros"]
    assert reasons("enabled.xlsm") == ["macros"]
    assert reasons("linked.xlsx") == ["external links"]
    assert reasons("export.csv") == ["many rows"]
    assert reasons("legacy.accdb") == ["access database"]
    assert records["legacy.accdb"].fields["kind"] == "spreadsheet"
    assert reasons("small.xlsx") == []
    assert records["big.xlsx"].fields["description"].startswith("Looks like a database kept as a spreadsheet")


# ----- selection ----------------------------------------------------------------------------------------


def test_include_and_exclude_globs(council_tree: Path) -> None:
    only_sheets = harvest(council_tree, include=["**/*.xlsx", "*.CSV"]).keys
    assert sorted(k for k in only_sheets if "." in k.rsplit("/", 1)[-1]) == [
        "Finance/Budgets/2024/small.xlsx",
        "Finance/Budgets/tenants.xlsx",
        "Finance/payments.csv",
    ]
    assert "HR" in only_sheets  # folders are still listed

    without = harvest(council_tree, exclude=["Finance/Budgets", "*.pdf"]).keys
    assert not any(k.startswith("Finance/Budgets") or k.endswith(".pdf") for k in without)
    assert "Finance/payments.csv" in without
    assert "HR/policy.docx" in without

    nested = harvest(council_tree, include=["Finance/**"]).keys
    assert "notes.txt" not in nested
    assert "Finance/Budgets/2024/small.xlsx" in nested


def test_hidden_files_are_left_out_unless_asked_for(council_tree: Path) -> None:
    (council_tree / ".git").mkdir()
    (council_tree / ".git" / "config").write_text("x")
    (council_tree / "HR" / ".~lock.policy.docx#").write_text("lock")
    assert not any("/." in f"/{key}" for key in harvest(council_tree).keys)
    everything = harvest(council_tree, include_hidden=True).keys
    assert {".git", ".git/config", "HR/.~lock.policy.docx#"} <= set(everything)


@pytest.mark.parametrize(
    ("depth", "deepest"),
    [(0, ["/"]), (1, ["Finance", "HR", "notes.txt"]), (2, ["Finance/Budgets", "HR/policy.docx"])],
)
def test_max_depth(council_tree: Path, depth: int, deepest: list[str]) -> None:
    keys = harvest(council_tree, max_depth=depth).keys
    levels = [0 if key == "/" else key.count("/") + 1 for key in keys]
    assert max(levels) == depth
    assert set(deepest) <= set(keys)


# ----- robustness -----------------------------------------------------------------------------------------


def test_an_unreadable_folder_is_a_gap_and_the_walk_goes_on(council_tree: Path, test_user: Any) -> None:
    secret = council_tree / "HR" / "Secret"
    secret.mkdir()
    (secret / "salaries.xlsx").write_bytes(b"x")
    secret.chmod(0o000)
    with acting_as(test_user):
        result = harvest(council_tree, hash_contents=False, read_documents=False)
    assert result.gaps == [ListingGap("HR/Secret/", "folder not listed: permission denied")]
    assert "HR/Secret" in result.records  # the folder itself is known from its parent's listing
    assert "HR/Secret/salaries.xlsx" not in result.keys
    assert "HR/policy.docx" in result.records
    assert "notes.txt" in result.records


def test_files_nothing_needs_to_look_into_are_not_opened(
    council_tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    real_open = LocalWalker.open

    def recording_open(walker: LocalWalker, entry: Any) -> Any:
        opened.append(entry.name)
        return real_open(walker, entry)

    monkeypatch.setattr(LocalWalker, "open", recording_open)
    result = harvest(council_tree, hash_contents=False)
    assert result.records["notes.txt"].fields["format"] == "text/plain"  # typed by its name
    assert "notes.txt" not in opened
    assert "policy.docx" in opened  # its properties are read
    opened.clear()
    harvest(council_tree, hash_contents=True)  # hashing reads every file
    assert "notes.txt" in opened


def test_files_that_are_not_opened_are_still_reported_when_unreadable(
    council_tree: Path, test_user: Any
) -> None:
    for name in ("minutes.txt", "old memo.doc", "locked.docx", "open.txt"):
        (council_tree / name).write_bytes(b"not really " + name.encode())
        (council_tree / name).chmod(0o000 if name != "open.txt" else 0o644)
    with acting_as(test_user):
        result = harvest(council_tree, hash_contents=False)
    denied = ("contents not read: permission denied",)
    assert result.records["minutes.txt"].warnings == denied  # plain text: never opened
    assert result.records["old memo.doc"].warnings == denied  # no reader for legacy Word
    assert result.records["locked.docx"].warnings == denied  # opened for its properties
    assert result.records["open.txt"].warnings == ()
    assert result.records["minutes.txt"].fields["size_bytes"] == len(b"not really minutes.txt")
    with acting_as(test_user):
        hashed = harvest(council_tree, hash_contents=True)
    assert hashed.records["minutes.txt"].warnings == denied


def test_an_unreadable_file_is_catalogued_with_a_warning(council_tree: Path, test_user: Any) -> None:
    locked = council_tree / "HR" / "locked.docx"
    shutil.copyfile(council_tree / "HR" / "policy.docx", locked)
    locked.chmod(0o000)
    with acting_as(test_user):
        result = harvest(council_tree)
    record = result.records["HR/locked.docx"]
    assert record.warnings == ("contents not read: permission denied",)
    assert record.fields["size_bytes"] == locked.stat().st_size
    assert record.fields["format"] == DOCX  # from the name
    assert "content_hash" not in record.fields
    assert "quick_xor_hash" not in record.fields
    assert record.fields["title"] == "locked.docx"


def test_symbolic_links_are_not_followed_by_default(council_tree: Path) -> None:
    (council_tree / "HR" / "loop").symlink_to("..")
    (council_tree / "shortcut.pdf").symlink_to(council_tree / "Finance" / "report.pdf")
    keys = harvest(council_tree).keys
    assert "HR/loop" not in keys
    assert "shortcut.pdf" not in keys


def test_followed_links_visit_each_real_folder_once(council_tree: Path) -> None:
    (council_tree / "HR" / "loop").symlink_to("..")
    (council_tree / "Finance" / "Budgets" / "2024" / "back").symlink_to("../../..")
    (council_tree / "A link to HR").symlink_to("HR")
    (council_tree / "shortcut.pdf").symlink_to(council_tree / "Finance" / "report.pdf")
    (council_tree / "broken").symlink_to(council_tree / "nowhere")
    result = harvest(council_tree, follow_symlinks=True)
    keys = result.keys
    assert len(keys) == len(set(keys))
    assert "HR/loop" not in keys
    assert "Finance/Budgets/2024/back" not in keys
    # "A link to HR" sorts before "HR": the real folder is then walked under the link's name only
    assert "A link to HR/policy.docx" in keys
    assert "HR" not in keys
    assert (
        result.records["shortcut.pdf"].fields["content_hash"]
        == (result.records["Finance/report.pdf"].fields["content_hash"])
    )
    assert "broken" not in keys


def test_the_runner_gets_the_same_listing_a_folder_at_a_time(council_tree: Path) -> None:
    harvester = FileSystemHarvester({"root": str(council_tree)})
    batches = list(harvester.list_batches())
    one_by_one = list(harvester.list_items())
    flattened = [item for batch in batches for item in (batch if isinstance(batch, ItemRefs) else [batch])]
    assert flattened == one_by_one
    refs = [batch for batch in batches if isinstance(batch, ItemRefs)]
    assert len(refs) > 2
    assert any(len(batch) > 1 for batch in refs)
    for batch in refs[1:]:  # the root alone first, then each folder's entries together
        assert len({ref.parent_key for ref in batch}) == 1


def test_a_file_deleted_before_reading_is_an_item_error(council_tree: Path) -> None:
    harvester = FileSystemHarvester({"root": str(council_tree)})
    refs = [item for item in harvester.list_items() if isinstance(item, ItemRef)]
    (council_tree / "notes.txt").unlink()
    ref = next(ref for ref in refs if ref.key == "notes.txt")
    with pytest.raises(ItemError) as caught:
        harvester.read_item(ref)
    assert caught.value.key == "notes.txt"
    assert harvester.read_item(next(r for r in refs if r.key == "HR/policy.docx")).fields["title"]


def test_a_folder_removed_during_the_walk_is_skipped(council_tree: Path) -> None:
    harvester = FileSystemHarvester({"root": str(council_tree)})
    keys = []
    for item in harvester.list_items():
        keys.append(item.key)
        if item.key == "Finance":
            shutil.rmtree(council_tree / "Finance")
    assert "Finance" in keys
    assert not any(key.startswith("Finance/") for key in keys)
    assert "HR/policy.docx" in keys


def test_a_file_growing_while_read_is_catalogued_with_a_warning(council_tree: Path) -> None:
    harvester = FileSystemHarvester({"root": str(council_tree)})
    ref = next(i for i in harvester.list_items() if isinstance(i, ItemRef) and i.key == "notes.txt")
    with (council_tree / "notes.txt").open("a") as handle:
        handle.write("more notes\n")
    record = harvester.read_item(ref)
    assert record.warnings == ("the file changed while it was read; the next harvest reads it again",)
    assert record.fingerprint == ref.fingerprint  # the next listing differs, so it is read again


def test_the_root_going_away_mid_walk_is_a_source_error(council_tree: Path) -> None:
    harvester = FileSystemHarvester({"root": str(council_tree)})
    listed = harvester.list_items()
    assert next(listed).key == "/"
    assert next(listed).key == "Finance"
    shutil.rmtree(council_tree)
    with pytest.raises(SourceError, match="does not exist"):
        list(listed)


def test_paths_longer_than_260_characters(open_dir: Path) -> None:
    folder = open_dir
    for level in range(6):
        folder = folder / f"{level}-{'long folder name ' * 3}".strip()
    folder.mkdir(parents=True)
    (folder / "deep.txt").write_text("deep")
    result = harvest(open_dir)
    (deep,) = [key for key in result.keys if key.endswith("deep.txt")]
    assert len(str(open_dir / deep)) > 260
    assert result.records[deep].fields["content_hash"] == hashlib.sha256(b"deep").hexdigest()
    assert result.records[deep].fields["quick_xor_hash"] == "quickxor:" + quick_xor_base64(b"deep")


def test_odd_and_undecodable_names_get_stable_text_keys(open_dir: Path) -> None:
    raw_root = os.fsencode(open_dir)
    for name in (b"caf\xe9 menu.txt", b"line\nbreak.txt", "ünïcødé ✓ #%&.txt".encode(), b"back\\slash.txt"):
        with open(os.path.join(raw_root, name), "wb") as handle:
            handle.write(name)
    os.mkdir(os.path.join(raw_root, b"dir\xff"))
    with open(os.path.join(raw_root, b"dir\xff", b"in\xfe.txt"), "wb") as handle:
        handle.write(b"inside")
    result = harvest(open_dir)
    assert set(result.keys) == {
        "/",
        "caf\\xe9 menu.txt",
        "line\nbreak.txt",
        "ünïcødé ✓ #%&.txt",
        "back\\slash.txt",
        "dir\\xff",
        "dir\\xff/in\\xfe.txt",
    }
    inside = result.records["dir\\xff/in\\xfe.txt"].fields
    assert inside["content_hash"] == hashlib.sha256(b"inside").hexdigest()
    assert inside["quick_xor_hash"] == "quickxor:" + quick_xor_base64(b"inside")
    assert result.records["caf\\xe9 menu.txt"].fields["title"] == "caf\\xe9 menu.txt"
    json.dumps([dict(record.fields) for record in result.records.values()]).encode("utf-8")
    assert harvest(open_dir).keys == result.keys  # the same names give the same keys


def test_damaged_and_password_protected_files_are_still_catalogued(
    open_dir: Path, files: SimpleNamespace
) -> None:
    (open_dir / "damaged.xlsx").write_bytes(os.urandom(4096))
    (open_dir / "damaged.docx").write_bytes(b"PK\x03\x04" + os.urandom(500))
    (open_dir / "damaged.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(500))
    files.pdf(open_dir / "locked.pdf", "Secret Title", "Someone", password="s3cret")
    files.ods(open_dir / "fine.ods", {"S": [["a", "b"]]})
    records = harvest(open_dir).records

    for name, kind in (
        ("damaged.xlsx", "spreadsheet"),
        ("damaged.docx", "document"),
        ("damaged.pdf", "document"),
    ):
        record = records[name]
        assert record.fields["kind"] == kind
        assert record.fields["title"] == name
        assert record.warnings == (
            "properties not read: the file is damaged or not of the type its name says",
        )
        assert record.fields["content_hash"]
    locked = records["locked.pdf"]
    assert locked.warnings == ("properties not read: the file is password-protected",)
    assert locked.fields["title"] == "locked.pdf"
    assert "password protected" in locked.fields["flags"]
    assert locked.fields["format"] == PDF
    assert records["fine.ods"].warnings == ()


def test_reading_without_the_listing_hint_looks_again(open_dir: Path) -> None:
    os.mkdir(os.path.join(os.fsencode(open_dir), b"d\xe9"))
    (open_dir / "d\udce9" / "x.txt").write_text("x")
    harvester = FileSystemHarvester({"root": str(open_dir)})
    for ref in [i for i in harvester.list_items() if isinstance(i, ItemRef)]:
        bare = ItemRef(ref.key, ref.parent_key, ref.fingerprint)
        assert harvester.read_item(bare).fields == harvester.read_item(ref).fields
    with pytest.raises(ItemError):
        harvester.read_item(ItemRef("d\\xe9/gone.txt", "d\\xe9"))


# ----- configuration --------------------------------------------------------------------------------------


def test_the_config_schema() -> None:
    schema = FileSystemConfigSchema()
    loaded = schema.load({"root": "smb://files.example:1445/dept/Finance", "username": "u", "password": "p"})
    assert loaded["include_globs"] == []
    assert loaded["hash_contents"] is True
    assert loaded["max_depth"] is None
    assert "password" not in schema.dump(loaded)  # secrets are never shown back
    with pytest.raises(ValidationError, match="surprise"):
        schema.load({"root": "/srv", "surprise": 1})
    with pytest.raises(ValidationError, match="only local paths"):
        schema.load({"root": "ftp://files/x"})
    with pytest.raises(ValidationError, match="names no share"):
        schema.load({"root": "\\\\server"})
    for name, declared in schema.fields.items():
        assert declared.metadata.get("description"), f"{name} has no description"
    assert schema.fields["password"].load_only
    assert schema.fields["password"].metadata["secret"]


def test_roots_are_parsed() -> None:
    assert parse_root("smb://Files.example:1445/dept/Finance/2024") == SmbRoot(
        "files.example", "dept", ("Finance", "2024"), 1445
    )
    assert parse_root("\\\\files\\dept\\Finance\\").unc == "\\\\files\\dept\\Finance"
    assert parse_root("smb://files/dept").port == 445
    assert parse_root("/srv/share/") == LocalRoot("/srv/share")


@pytest.mark.parametrize(
    ("key", "pattern", "matches"),
    [
        ("Finance/a.xlsx", "*.xlsx", True),
        ("Finance/a.XLSX", "*.xlsx", True),
        ("a.xlsx", "**/*.xlsx", True),
        ("Finance/Budgets/a.xlsx", "Finance/**/*.xlsx", True),
        ("Finance/a.xlsx", "Finance/*/*.xlsx", False),
        ("HR/a.xlsx", "Finance/**", False),
        ("HR/~$policy.docx", "~$*", True),
        ("HR/report1.pdf", "report[0-9].pdf", True),
        ("HR/reportA.pdf", "report[!0-9].pdf", True),
    ],
)
def test_globs(key: str, pattern: str, matches: bool) -> None:
    assert glob_match(key, pattern) is matches


def test_the_harvester_is_registered_as_an_entry_point() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    target = config["project"]["entry-points"]["catalogue.harvesters"]["filesystem"]
    assert target == "harvesters.filesystem:FileSystemHarvester"
    assert FileSystemHarvester.kind == "filesystem"

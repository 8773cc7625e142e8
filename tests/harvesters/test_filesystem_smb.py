"""The file-share harvester over SMB, against a private Samba server."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import service_missing, write_docx
from quickxor_reference import quick_xor_base64  # Microsoft's algorithm, transcribed
from samba import SambaServer, SambaUnavailable, free_port, start_samba

from harvesters.base import ItemError, ItemRef, ListingGap, Record, SourceError
from harvesters.filesystem import FileSystemHarvester
from harvesters.fs_records import OPEN_FLAG
from harvesters.fs_smb import is_broad, sid_name

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def config(server: SambaServer, **extra: Any) -> dict[str, Any]:
    return {"root": server.url, "username": server.user, "password": server.password, **extra}


def harvest(settings: dict[str, Any]) -> tuple[list[Any], dict[str, Record]]:
    harvester = FileSystemHarvester(settings)
    try:
        listed = list(harvester.list_items())
        records = {item.key: harvester.read_item(item) for item in listed if isinstance(item, ItemRef)}
    finally:
        harvester.close()
    return listed, records


@pytest.fixture(scope="module")
def share_harvest(samba_share: SambaServer) -> tuple[list[Any], dict[str, Record]]:
    return harvest(config(samba_share))


def test_nested_folders_and_files_over_smb(
    samba_share: SambaServer, share_harvest: tuple[list[Any], dict[str, Record]]
) -> None:
    listed, records = share_harvest
    keys = [item.key for item in listed if isinstance(item, ItemRef)]
    planning = [key for key in keys if key.startswith("Planning")]
    assert planning == [
        "Planning",
        "Planning/Applications",
        "Planning/Secret",
        "Planning/café & co #1.txt",
        "Planning/guidance.docx",
        "Planning/staff list.txt",
        "Planning/Applications/2024",
        "Planning/Applications/register.xlsx",
        "Planning/Applications/2024/plan.txt",
        # "Planning/Applications/2024/up" points back at Planning: Samba shows it as a folder with the
        # same file id, so it is left out rather than walked round and round; desktop.ini has the
        # hidden attribute (Samba's "hide files")
    ]
    assert keys[:2] == ["/", "Archive"]
    assert "guidance copy.docx" in keys
    seen: set[str] = set()
    for item in (item for item in listed if isinstance(item, ItemRef)):
        assert item.parent_key is None or item.parent_key in seen, f"{item.key} before its parent"
        seen.add(item.key)
    (deep,) = [key for key in keys if key.endswith("deep.txt")]
    assert len(records[deep].fields["location"]) > 260
    assert records[deep].fields["content_hash"] == hashlib.sha256(b"deep\n").hexdigest()
    assert records[deep].fields["quick_xor_hash"] == "quickxor:" + quick_xor_base64(b"deep\n")
    assert records["/"].fields["kind"] == "share"
    assert records["/"].fields["title"] == "council"
    assert records["Planning/Applications"].fields["kind"] == "folder"
    assert records["Planning/Applications"].parent_key == "Planning"
    assert records["Planning/Applications/2024/plan.txt"].parent_key == "Planning/Applications/2024"
    assert (
        records["Planning/guidance.docx"].fields["location"]
        == "\\\\127.0.0.1\\council\\Planning\\guidance.docx"
    )
    ref = next(i for i in listed if isinstance(i, ItemRef) and i.key == "Planning/Applications/2024/plan.txt")
    mtime_ns, size = ref.fingerprint.split(":")
    assert int(size) == len("site plan\n")
    assert int(mtime_ns) > 0


def test_documents_and_duplicates_over_smb(share_harvest: tuple[list[Any], dict[str, Record]]) -> None:
    _, records = share_harvest
    guidance = records["Planning/guidance.docx"].fields
    assert guidance["title"] == "Planning Guidance"
    assert guidance["format"] == DOCX
    assert guidance["created_by"] == "Planning Team"
    assert guidance["tags"] == ["planning"]
    assert guidance["flags"] == [OPEN_FLAG]  # Everyone may read it
    assert records["guidance copy.docx"].fields["content_hash"] == guidance["content_hash"]
    assert records["guidance copy.docx"].fields["quick_xor_hash"] == guidance["quick_xor_hash"]
    plan = records["Planning/Applications/2024/plan.txt"].fields
    assert plan["content_hash"] == hashlib.sha256(b"site plan\n").hexdigest()
    assert plan["quick_xor_hash"] == "quickxor:" + quick_xor_base64(b"site plan\n")
    register = records["Planning/Applications/register.xlsx"].fields
    assert register["row_count"] == 1200
    assert "shadow database" in register["flags"]
    assert plan["modified_at_source"].endswith("+00:00")
    assert plan["created_at_source"].endswith("+00:00")


def test_hidden_items_are_listed_when_asked_for(samba_share: SambaServer) -> None:
    listed, _ = harvest(config(samba_share, include_hidden=True, max_depth=2, read_documents=False))
    assert "Planning/desktop.ini" in [item.key for item in listed]


def test_the_unreadable_folder_is_a_listing_gap(share_harvest: tuple[list[Any], dict[str, Record]]) -> None:
    listed, records = share_harvest
    gaps = [item for item in listed if isinstance(item, ListingGap)]
    assert gaps == [ListingGap("Planning/Secret/", "folder not listed: permission denied")]
    assert "Planning/Secret" in records
    assert records["Planning/Secret"].warnings == ("owner and permissions not read: permission denied",)


def test_owner_sid_and_readers_come_from_the_security_descriptor(
    share_harvest: tuple[list[Any], dict[str, Record]],
) -> None:
    _, records = share_harvest
    plan = records["Planning/Applications/2024/plan.txt"].fields
    owner = plan["owner_at_source"]
    assert owner.startswith("S-1-")  # the share user's SID (Samba: S-1-5-21-...-RID or S-1-22-1-UID)
    assert "Everyone (S-1-1-0)" in plan["readable_at_source_by"]  # the file is world-readable (0644)
    assert plan["flags"] == [OPEN_FLAG]
    staff = records["Planning/staff list.txt"].fields  # 0640: its owner and group only
    assert not any(reader.startswith("Everyone") for reader in staff["readable_at_source_by"])
    assert owner in staff["readable_at_source_by"]
    assert "flags" not in staff
    assert "description" not in plan
    assert "created_by" not in plan
    # a document keeps its author as creator and has its owner at source as well
    guidance = records["Planning/guidance.docx"].fields
    assert guidance["owner_at_source"] == owner
    assert guidance["created_by"] != owner


def test_read_item_without_the_hint_over_smb(samba_share: SambaServer) -> None:
    harvester = FileSystemHarvester(config(samba_share))
    try:
        fresh = harvester.read_item(
            ItemRef("Planning/Applications/2024/plan.txt", "Planning/Applications/2024")
        )
        assert fresh.fields["size_bytes"] == len("site plan\n")
        with pytest.raises(ItemError):
            harvester.read_item(ItemRef("Planning/nothing.txt", "Planning"))
    finally:
        harvester.close()


def test_a_sub_folder_root_and_a_depth_limit(samba_share: SambaServer) -> None:
    settings = config(samba_share, max_depth=1)
    settings["root"] = f"{samba_share.url}/Planning"
    listed, records = harvest(settings)
    assert [i.key for i in listed if isinstance(i, ItemRef)] == [
        "/",
        "Applications",
        "Secret",
        "café & co #1.txt",
        "guidance.docx",
        "staff list.txt",
    ]
    assert records["/"].fields["title"] == "Planning"
    assert records["/"].fields["location"] == "\\\\127.0.0.1\\council\\Planning"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"password": "wrong"}, "refused the user name or password"),
        ({"root": "smb://127.0.0.1:{port}/council/Nowhere"}, "does not exist"),
        ({"root": "smb://127.0.0.1:{port}/noshare"}, "does not exist"),
        ({"root": "smb://127.0.0.1:{free}/council"}, "cannot reach"),
    ],
)
def test_an_unusable_share_is_a_source_error(
    samba_share: SambaServer, change: dict[str, str], message: str
) -> None:
    settings = config(samba_share, connection_timeout=5)
    settings.update({k: v.format(port=samba_share.port, free=free_port()) for k, v in change.items()})
    harvester = FileSystemHarvester(settings)
    try:
        with pytest.raises(SourceError, match=message) as caught:
            harvester.check()
        assert samba_share.password not in str(caught.value)
    finally:
        harvester.close()


def test_the_share_going_away_mid_walk_is_a_source_error(test_user: Any) -> None:
    """A server of its own, stopped while the listing is under way."""
    base = Path(tempfile.mkdtemp(prefix="catalogue-share-"))
    base.chmod(0o755)
    share = base / "share"
    for folder in ("A", "B", "C"):
        (share / folder).mkdir(parents=True)
        write_docx(share / folder / "doc.docx", f"Doc {folder}")
    shutil.chown(share, test_user.pw_uid)
    try:
        server = start_samba(share, test_user.pw_name)
    except (SambaUnavailable, OSError) as error:
        shutil.rmtree(base, ignore_errors=True)
        service_missing(f"Samba ({error})")
    harvester = FileSystemHarvester(config(server, connection_timeout=5))
    try:
        listing = harvester.list_items()
        assert [next(listing).key for _ in range(3)] == ["/", "A", "B"]
        server.stop()
        with pytest.raises(SourceError, match=r"went away|cannot reach"):
            list(listing)
    finally:
        harvester.close()
        server.stop()
        shutil.rmtree(server.base, ignore_errors=True)
        shutil.rmtree(base, ignore_errors=True)


def test_readers_that_stand_for_everyone_or_every_account() -> None:
    domain = "S-1-5-21-1004336348-1177238915-682003330"
    for sid in ("S-1-1-0", "S-1-5-11", "S-1-5-32-545", "S-1-5-7", f"{domain}-513", f"{domain}-514"):
        assert is_broad(sid), sid
    narrow = (
        *("S-1-5-18", "S-1-5-32-544", "S-1-22-1-1000"),  # SYSTEM, Administrators, a Unix user in Samba
        *(f"{domain}-512", f"{domain}-1105", "S-1-5-21-1-513"),  # Domain Admins, an account, not a domain
    )
    for sid in narrow:
        assert not is_broad(sid), sid
    assert sid_name(f"{domain}-513") == f"Domain Users ({domain}-513)"
    assert sid_name(f"{domain}-1105") == f"{domain}-1105"  # an account: shown as it is
    assert sid_name("S-1-5-11") == "Authenticated Users (S-1-5-11)"

"""How the pages format values: sizes, dates in UK time, locations and plural kinds."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from catalogue.web.display import (
    format_date,
    format_datetime,
    history_value,
    human_size,
    kind_plural,
    location,
    mask_password,
)


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (1023, "1,023 bytes"),
        (1536, "1.5 KB"),
        (2_516_582, "2.4 MB"),
        (15 * 1024**3, "15 GB"),
        (3 * 1024**6, "3,072 PB"),
    ],
)
def test_sizes_read_like_a_file_manager(size: int, shown: str) -> None:
    assert human_size(size) == shown


def test_dates_and_times_are_gov_uk_style_in_uk_time() -> None:
    assert format_date(date(2024, 3, 1)) == "1 March 2024"
    assert format_datetime(datetime(2024, 1, 5, 0, 5, tzinfo=UTC)) == "5 January 2024 at 12:05am"
    assert format_datetime(datetime(2024, 7, 5, 12, 30, tzinfo=UTC)) == "5 July 2024 at 1:30pm"  # BST
    assert format_date(datetime(2024, 6, 30, 23, 30, tzinfo=UTC)) == "1 July 2024"
    assert format_date(None) == ""
    assert format_datetime("not a date") == "not a date"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "text", "href"),
    [
        (
            "https://intranet.example/a?b=1",
            "https://intranet.example/a?b=1",
            "https://intranet.example/a?b=1",
        ),
        ("HTTP://intranet.example/", "HTTP://intranet.example/", "HTTP://intranet.example/"),
        ("\\\\fs01\\share\\file.xlsx", "\\\\fs01\\share\\file.xlsx", None),
        ("file:///srv/data.csv", "file:///srv/data.csv", None),
        ("javascript:alert(1)", "javascript:alert(1)", None),
        ("mssql+pyodbc://sa:pw@db/x", "mssql+pyodbc://sa:***@db/x", None),
        ("https://user:pw@host/x", "https://user:***@host/x", None),
        ("smb://fs01/share", "smb://fs01/share", None),
        ("http://[::1", "http://[::1", None),
        ("https:relative", "https:relative", None),
    ],
)
def test_only_web_addresses_become_links_and_passwords_never_show(
    value: str, text: str, href: str | None
) -> None:
    place = location(value)
    assert place is not None
    assert (place.text, place.href) == (text, href)


def test_masking_leaves_urls_without_a_password_alone() -> None:
    assert mask_password("postgresql://db.example:5432/x") == "postgresql://db.example:5432/x"
    assert mask_password("http://[::1") == "http://[::1"  # unparseable: shown as it is
    assert location("") is None


def test_kinds_have_plurals() -> None:
    assert [kind_plural(k) for k in ("table", "library", "register_entry", "database", "schema")] == [
        "Tables",
        "Libraries",
        "Register entries",
        "Databases",
        "Schemas",
    ]


def test_history_values_are_short_text() -> None:
    assert history_value(None) == "(none)"
    assert history_value(["a", "b"]) == "a, b"
    assert len(history_value("x" * 500)) == 200

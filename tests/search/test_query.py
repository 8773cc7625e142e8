"""The query language parser (search/query.py), the synonym list, and the shared text analysis."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.analysis import (
    edit_distance,
    fuzzy_distance,
    normalise_title,
    plain_tokens,
    sort_title,
    stem_tokens,
)
from search.query import (
    MAX_NEGATIVE_CLAUSES,
    MAX_POSITIVE_CLAUSES,
    MAX_QUERY_CHARS,
    AnyOf,
    ParsedQuery,
    Phrase,
    Prefix,
    Term,
    clean_text,
    parse,
)
from search.synonyms import SynonymSet

PCN = AnyOf((Term("pcn"), Phrase("penalty charge notice"), Phrase("parking ticket"), Phrase("parking fine")))


@pytest.mark.parametrize(
    ("text", "must", "must_not"),
    [
        ("Parking permits", (Term("Parking"), Term("permits")), ()),
        ('"council tax" bands', (Phrase("council tax"), Term("bands")), ()),
        ('"  spaced   out  "', (Phrase("spaced out"),), ()),
        ('"unbalanced phrase', (Phrase("unbalanced phrase"),), ()),
        ("housing -register", (Term("housing"),), (Term("register"),)),
        ('rent -"council tax"', (Term("rent"),), (Phrase("council tax"),)),
        ("a OR b OR c", (AnyOf((Term("a"), Term("b"), Term("c"))),), ()),
        ('x OR "y z"', (AnyOf((Term("x"), Phrase("y z"))),), ()),
        ("OR a OR", (Term("a"),), ()),
        ("a OR -b", (Term("a"),), (Term("b"),)),
        ("licen*", (Prefix("licen"),), ()),
        ("licen** *", (Prefix("licen"),), ()),
        ("a*b", (Term("a b"),), ()),
        ("col:term", (Term("col:term"),), ()),
        ("NEAR(a, b)", (Term("NEAR(a,"), Term("b)")), ()),
        ("AND", (Term("AND"),), ()),
        ("the parking", (Term("parking"),), ()),
        ("the of", (Term("the"), Term("of")), ()),
        ("or parking", (Term("parking"),), ()),
        ("+a", (Term("a"),), ()),
        ("--x", (), (Term("x"),)),
        ("- x", (Term("x"),), ()),
        ("", (), ()),
        ("   ", (), ()),
        ("-", (), ()),
        ('"', (), ()),
        ("* ** -*", (), ()),
        ("!!! ???", (), ()),
    ],
)
def test_parse(text: str, must: tuple[object, ...], must_not: tuple[object, ...]) -> None:
    parsed = parse(text)
    assert parsed.must == must
    assert parsed.must_not == must_not


def test_text_is_the_positive_words() -> None:
    assert parse('Parking "permit zones" -expired').text == "Parking permit zones"
    assert parse("-only").text == ""


def test_is_empty_and_terms() -> None:
    assert parse("").is_empty
    assert not parse("-x").is_empty
    parsed = parse('x "b c" d* e OR f')
    assert parsed.terms() == [Term("x"), Term("e"), Term("f")]
    assert ParsedQuery().terms() == []


def test_clean_text_drops_control_and_format_characters() -> None:
    assert clean_text("a\x00b\u200fc\u202ed\ufeffe") == "a b c d e"
    assert clean_text("x" * (MAX_QUERY_CHARS + 50)) == "x" * MAX_QUERY_CHARS
    assert parse("park\x00ing") == ParsedQuery((Term("park"), Term("ing")))


def test_clause_counts_are_capped() -> None:
    parsed = parse(" ".join(f"w{i}" for i in range(100)) + " " + " ".join(f"-n{i}" for i in range(100)))
    assert len(parsed.must) == MAX_POSITIVE_CLAUSES
    assert len(parsed.must_not) == MAX_NEGATIVE_CLAUSES


def test_synonyms_replace_plain_words() -> None:
    synonyms = SynonymSet.built_in()
    assert parse("pcn appeals", synonyms).must == (PCN, Term("appeals"))
    assert parse("Penalty Charge Notice", synonyms).must == (PCN,)
    assert parse("it systems", synonyms).must[1] == Term("systems")
    assert Phrase("information technology") in parse("it", synonyms).must[0].options  # type: ignore[union-attr]


def test_synonyms_leave_quoted_negated_and_or_words_alone() -> None:
    synonyms = SynonymSet.built_in()
    assert parse('"pcn"', synonyms).must == (Phrase("pcn"),)
    assert parse("-pcn", synonyms).must_not == (Term("pcn"),)
    assert parse("x OR pcn", synonyms).must == (AnyOf((Term("x"), Term("pcn"))),)


def test_synonym_file_format(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.txt"
    path.write_text("# comment\nBins, Refuse  Collection # trailing comment\n\nlonely\n", encoding="utf-8")
    synonyms = SynonymSet.load(path)
    assert synonyms.group_of(["REFUSE", "collection"]) == ("bins", "refuse collection")
    assert synonyms.group_of(["lonely"]) is None
    assert synonyms.longest == 2
    assert not SynonymSet([])
    assert SynonymSet.load(None).group_of(["pcn"]) is not None


def test_analysis() -> None:
    assert stem_tokens("Houses in Multiple Occupation") == ["hous", "in", "multipl", "occup"]
    assert plain_tokens("Café GP-led date_of_birth") == ["cafe", "gp", "led", "date", "of", "birth"]
    assert stem_tokens("") == plain_tokens("") == []
    assert normalise_title("  The  Café-Register! ") == "the cafe register"
    assert sort_title("---") == "---"
    assert [fuzzy_distance(w) for w in ("abc", "abcd", "abcdefg", "abcdefgh")] == [0, 1, 1, 2]


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("", "", 0), ("abc", "", 3), ("parking", "parkign", 1), ("ca", "abc", 3), ("kitten", "sitting", 3)],
)
def test_edit_distance_is_optimal_string_alignment(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance
    assert edit_distance(b, a) == distance

"""The user's query language, parsed safely. `parse` never fails, whatever the input.

Syntax: words; "quoted phrases"; `-word` or `-"phrase"` to exclude; `a OR b` (upper-case OR); a trailing `*`
for a prefix (`licen*`). Everything else is text: `field:value`, brackets, `NEAR(` or `AND` are plain words,
never operators, so nothing typed can reach a field the user was not meant to query.

What a clause matches (every backend and the test oracle implement exactly this):

- `Term(text)`: the text is analysed like the indexed text (lower-cased, accents folded, English stemming,
  split at non-alphanumerics). One token: it matches a document with that token in any text field. Several
  tokens (`date_of_birth`, `GP-led`): they must appear as a phrase in one field value.
- `Phrase(text)`: its tokens, in order, adjacent, within one field value.
- `Prefix(text)`: analysed without stemming; a document matches when one of its (unstemmed) words starts with
  the last token, and contains the earlier tokens as terms.
- `AnyOf(options)`: any one of the options (from `OR`, or from a synonym group).

The text fields are title, tags, description, columns, path and context (owner, steward, department,
application).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Union

from search.analysis import plain_tokens
from search.synonyms import SynonymSet

MAX_QUERY_CHARS = 1_000
MAX_POSITIVE_CLAUSES = 24
MAX_NEGATIVE_CLAUSES = 12

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
    ]
)


@dataclass(frozen=True)
class Term:
    text: str


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class Prefix:
    text: str


@dataclass(frozen=True)
class AnyOf:
    options: tuple[Clause, ...]


Clause = Union[Term, Phrase, Prefix, AnyOf]  # noqa: UP007 - a runtime alias used in isinstance checks


@dataclass(frozen=True)
class ParsedQuery:
    must: tuple[Clause, ...] = ()
    must_not: tuple[Clause, ...] = ()
    text: str = field(default="", compare=False)  # the positive words, for exact-title matching

    @property
    def is_empty(self) -> bool:
        return not self.must and not self.must_not

    def terms(self) -> list[Term]:
        """Every Term among the positive clauses (the candidates for typo tolerance)."""
        found: list[Term] = []

        def walk(clause: Clause) -> None:
            if isinstance(clause, Term):
                found.append(clause)
            elif isinstance(clause, AnyOf):
                for option in clause.options:
                    walk(option)

        for clause in self.must:
            walk(clause)
        return found


def clean_text(text: str) -> str:
    """Drop control and format characters (NUL, RTL marks, zero-width joiners) and cap the length."""
    text = str(text)[:MAX_QUERY_CHARS]
    return "".join(
        " " if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"} else ch for ch in text
    )


MIN_SUGGEST_CHARS = 2  # the last word typed must be this long before suggestions are asked for
MAX_SUGGESTIONS = 50


def suggestion_request(prefix: str, limit: int) -> tuple[str, int] | None:
    """The cleaned text and the capped limit a backend suggests for, or None when there is nothing to
    suggest yet (the same rule for every backend)."""
    text = clean_text(prefix)
    tokens = plain_tokens(text)
    if not tokens or len(tokens[-1]) < MIN_SUGGEST_CHARS or limit < 1:
        return None
    return text, min(limit, MAX_SUGGESTIONS)


def has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


@dataclass
class _Item:
    clause: Clause
    negated: bool = False
    quoted: bool = False


def _tokenise(text: str) -> list[_Item | str]:
    """Split into items and the bare string "OR"."""
    items: list[_Item | str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        negated = False
        if ch == "-" and i + 1 < n and not text[i + 1].isspace():
            negated, i = True, i + 1
            ch = text[i]
        if ch == '"':
            end = text.find('"', i + 1)
            end = n if end == -1 else end
            phrase = " ".join(text[i + 1 : end].split())
            if has_word(phrase):
                items.append(_Item(Phrase(phrase), negated, quoted=True))
            i = end + 1
            continue
        start = i
        while i < n and not text[i].isspace() and text[i] != '"':
            i += 1
        word = text[start:i]
        if word == "OR" and not negated:
            items.append("OR")
            continue
        clause = _word_clause(word)
        if clause is not None:
            items.append(_Item(clause, negated))
    return items


def _word_clause(word: str) -> Clause | None:
    word = word.lstrip("+-")
    if not has_word(word):
        return None
    if word.endswith("*"):
        stem = word.rstrip("*").replace("*", " ")
        return Prefix(stem) if has_word(stem) else None
    return Term(word.replace("*", " "))


def _combine_or(items: list[_Item | str]) -> list[_Item]:
    """Join `a OR b OR c` into one AnyOf item; a dangling OR is ignored."""
    out: list[_Item] = []
    pending_or = False
    for item in items:
        if item == "OR":
            pending_or = bool(out) and not out[-1].negated
            continue
        assert isinstance(item, _Item)
        if pending_or and not item.negated:
            previous = out.pop()
            left = previous.clause.options if isinstance(previous.clause, AnyOf) else (previous.clause,)
            out.append(_Item(AnyOf((*left, item.clause)), quoted=True))
        else:
            out.append(item)
        pending_or = False
    return out


def _apply_synonyms(items: list[_Item], synonyms: SynonymSet) -> list[_Item]:
    """Replace runs of plain words that form a synonym (longest first) with an AnyOf of the group."""
    out: list[_Item] = []
    i = 0
    while i < len(items):
        matched = 0
        if synonyms and _is_plain_word(items[i]):
            run: list[str] = []
            for item in items[i : i + synonyms.longest]:
                if not _is_plain_word(item):
                    break
                assert isinstance(item.clause, Term)
                run.append(item.clause.text)
            for length in range(len(run), 0, -1):
                group = synonyms.group_of(run[:length])
                if group:
                    options = tuple(Term(m) if " " not in m else Phrase(m) for m in group)
                    out.append(_Item(AnyOf(options), quoted=True))
                    matched = length
                    break
        if matched:
            i += matched
        else:
            out.append(items[i])
            i += 1
    return out


def _is_plain_word(item: _Item) -> bool:
    return isinstance(item.clause, Term) and not item.negated and not item.quoted


def _drop_stop_words(items: list[_Item]) -> list[_Item]:
    kept = [
        it
        for it in items
        if not (_is_plain_word(it) and isinstance(it.clause, Term) and it.clause.text.lower() in STOP_WORDS)
    ]
    return kept if any(not it.negated for it in kept) else items


def _positive_text(items: list[_Item]) -> str:
    words: list[str] = []
    for it in items:
        if not it.negated and isinstance(it.clause, Term | Phrase):
            words.append(it.clause.text)
    return " ".join(words)


def parse(text: str, synonyms: SynonymSet | None = None) -> ParsedQuery:
    """Parse user text into clauses. Never raises; unusable input gives an empty query."""
    try:
        items = _combine_or(_tokenise(clean_text(text)))
    except Exception:  # pragma: no cover - the tokeniser has no known failure; stay safe regardless
        return ParsedQuery()
    exact_text = _positive_text(items)
    if synonyms:
        items = _apply_synonyms(items, synonyms)
    items = _drop_stop_words(items)
    must = tuple(it.clause for it in items if not it.negated)[:MAX_POSITIVE_CLAUSES]
    must_not = tuple(it.clause for it in items if it.negated)[:MAX_NEGATIVE_CLAUSES]
    return ParsedQuery(must, must_not, exact_text)

"""HTML-safe snippets: a short window of a hit's text with the matched words wrapped in <mark>.

Built here rather than by the engine so that every character is escaped the same way (markupsafe) and
prefix and typo-tolerant matches are highlighted too. Words are matched with the same analysis as the index.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from search.analysis import edit_distance, fuzzy_distance, plain_spans, plain_tokens, stem_spans, stem_tokens
from search.query import AnyOf, Clause, ParsedQuery, Prefix, Term

MARK_OPEN = Markup("<mark>")
MARK_CLOSE = Markup("</mark>")
ELLIPSIS_START = Markup("… ")
ELLIPSIS_END = Markup(" …")
SNIPPET_CHARS = 200
LEAD_CHARS = 60  # context kept before the first match
SCAN_CHARS = 5_000  # matches further into a long text are not looked for


@dataclass(frozen=True)
class Highlight:
    """Which words of a text count as matches of a query."""

    stems: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()  # plain words (the earlier words of a prefix)
    prefixes: tuple[str, ...] = ()
    near: tuple[tuple[str, int], ...] = ()  # (plain word, edits allowed) in the typo-tolerant fallback

    @classmethod
    def from_query(cls, parsed: ParsedQuery, *, fuzzy: bool = False) -> Highlight:
        stems: set[str] = set()
        words: set[str] = set()
        prefixes: list[str] = []
        near: list[tuple[str, int]] = []

        def walk(clause: Clause) -> None:
            if isinstance(clause, AnyOf):
                for option in clause.options:
                    walk(option)
            elif isinstance(clause, Prefix):
                tokens = plain_tokens(clause.text)
                words.update(tokens[:-1])
                prefixes.extend(tokens[-1:])
            else:
                tokens = stem_tokens(clause.text)
                stems.update(tokens)
                plain = plain_tokens(clause.text)
                distance = fuzzy_distance(plain[0]) if len(plain) == 1 else 0
                if fuzzy and isinstance(clause, Term) and len(tokens) == 1 and distance:
                    near.append((plain[0], distance))

        for clause in parsed.must:
            walk(clause)
        return cls(frozenset(stems), frozenset(words), tuple(prefixes), tuple(near))

    def __bool__(self) -> bool:
        return bool(self.stems or self.words or self.prefixes or self.near)

    def matches(self, stem: str, plain: str) -> bool:
        if stem in self.stems or plain in self.words:
            return True
        if any(plain.startswith(p) for p in self.prefixes):
            return True
        return any(edit_distance(word, plain) <= distance for word, distance in self.near)


def make_snippet(description: str, path: str, highlight: Highlight, max_chars: int = SNIPPET_CHARS) -> str:
    """The description around its first match; else the path if it matches; else the leading words."""
    if highlight:
        for text in (description, path):
            marked = _marked_window(text, highlight, max_chars)
            if marked:
                return marked
    return str(escape(_leading(description or path, max_chars)))


def _match_spans(text: str, highlight: Highlight) -> list[tuple[int, int]]:
    text = text[:SCAN_CHARS]
    stems = stem_spans(text)
    if not (highlight.words or highlight.prefixes or highlight.near):
        wanted = highlight.stems
        return [(start, end) for stem, start, end in stems if stem in wanted]
    plains = plain_spans(text)
    if len(plains) != len(stems):  # the same tokenizer splits both; stay safe if it ever did not
        plains = stems
    pairs = zip(stems, plains, strict=True)
    return [(start, end) for (stem, start, end), (plain, _, _) in pairs if highlight.matches(stem, plain)]


def _marked_window(text: str, highlight: Highlight, max_chars: int) -> str:
    if not text:
        return ""
    spans = _match_spans(text, highlight)
    if not spans:
        return ""
    start = 0
    if spans[0][0] > LEAD_CHARS:
        start = _word_start(text, spans[0][0] - LEAD_CHARS)
    end = _word_end(text, start + max_chars)
    parts: list[str] = [ELLIPSIS_START if start > 0 else ""]
    position = start
    for span_start, span_end in spans:
        if span_start < position or span_end > end:
            continue
        parts.append(escape(text[position:span_start]))
        parts.append(MARK_OPEN + escape(text[span_start:span_end]) + MARK_CLOSE)
        position = span_end
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append(ELLIPSIS_END)
    return str(Markup("").join(parts)).strip()


def _leading(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text.strip()
    return text[: _word_end(text, max_chars)].rstrip() + " …"


def _word_start(text: str, index: int) -> int:
    """The start of the word at or after `index`."""
    space = text.find(" ", index)
    return index if space == -1 or space - index > 20 else space + 1


def _word_end(text: str, index: int) -> int:
    """A cut at or before `index` that does not split a word (unless the word is very long)."""
    if index >= len(text):
        return len(text)
    space = text.rfind(" ", 0, index)
    return index if space == -1 or index - space > 20 else space

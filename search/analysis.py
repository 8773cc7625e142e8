"""Text analysis shared by the embedded backend and the test oracle.

Both analyse with Tantivy's own analyzers, so a word is split, folded and stemmed the same way when it is
indexed, when it is searched for and when the oracle decides what should match.

- STEM: simple tokenizer (split at non-alphanumerics), lower-case, ASCII folding, English stemming. The
  searchable text fields use it.
- PLAIN: the same without stemming, for prefix and typo-tolerant matching and for exact-title comparison.
"""

from __future__ import annotations

import tantivy

STEM_TOKENIZER = "catalogue_stem"
PLAIN_TOKENIZER = "catalogue_plain"


def _builder() -> tantivy.TextAnalyzerBuilder:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
    )


def stem_analyzer() -> tantivy.TextAnalyzer:
    return _builder().filter(tantivy.Filter.stemmer("english")).build()


def plain_analyzer() -> tantivy.TextAnalyzer:
    return _builder().build()


_STEM = stem_analyzer()
_PLAIN = plain_analyzer()


def stem_tokens(text: str) -> list[str]:
    """The tokens a STEM field indexes for `text` (or a query word is looked up as)."""
    return list(_STEM.analyze(text)) if text else []


def plain_tokens(text: str) -> list[str]:
    """The unstemmed tokens of `text` (lower-cased, accents folded)."""
    return list(_PLAIN.analyze(text)) if text else []


def stem_spans(text: str) -> list[tuple[str, int, int]]:
    """(stemmed token, start, end) with character offsets into `text`, for highlighting."""
    if not text:
        return []
    return [(t.text, t.char_offset_from, t.char_offset_to) for t in _STEM.pre_tokenize(text).tokens]


def plain_spans(text: str) -> list[tuple[str, int, int]]:
    """(plain token, start, end) with character offsets into `text`, for highlighting prefixes."""
    if not text:
        return []
    return [(t.text, t.char_offset_from, t.char_offset_to) for t in _PLAIN.pre_tokenize(text).tokens]


def normalise_title(text: str) -> str:
    """A title reduced to its plain tokens joined by one space: what an exact-title match compares."""
    return " ".join(plain_tokens(text))


def sort_title(text: str) -> str:
    """The key titles sort by (A to Z): the normalised title, or the lower-cased title if it has no words."""
    return normalise_title(text) or text.strip().lower()


def fuzzy_distance(token: str) -> int:
    """How many edits a word may be from a query word in the typo-tolerant fallback."""
    length = len(token)
    if length < 4:
        return 0
    if length < 8:
        return 1
    return 2


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insert, delete, substitute, or swap two adjacent characters,
    each costing one (Tantivy's fuzzy matching with `transposition_cost_one`)."""
    if a == b:
        return 0
    rows, cols = len(a), len(b)
    before: list[int] = []
    previous = list(range(cols + 1))
    for i in range(1, rows + 1):
        current = [i] + [0] * cols
        for j in range(1, cols + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, before[j - 2] + 1)
            current[j] = best
        before, previous = previous, current
    return previous[cols]

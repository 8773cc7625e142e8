"""A brute-force implementation of the search contract (search/backend.py, search/query.py) in plain Python.

It checks every document against every clause, so it is slow and obviously right: the reference the
backends' visible ids, totals and facet counts are compared with. Tokens come from search.analysis, the
same analysis the backends use, so "right" means the same words match.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from search.analysis import edit_distance, fuzzy_distance, plain_tokens, sort_title, stem_tokens
from search.backend import FACET_NAMES, AccessFilter, FacetBucket, SearchDocument, SearchRequest
from search.query import AnyOf, Clause, ParsedQuery, Prefix, Term, clean_text, parse
from search.synonyms import SynonymSet

MIN_SUGGEST_CHARS = 2


@dataclass
class _Indexed:
    document: SearchDocument
    values: list[list[str]]  # stemmed tokens of every text field value
    stems: set[str]
    plain: set[str]
    title_plain: list[str]


@dataclass
class Expected:
    ids: set[int]
    total: int
    facets: dict[str, list[FacetBucket]]
    fuzzy: bool
    documents: list[SearchDocument] = field(default_factory=list)

    def title_order(self) -> list[str]:
        return sorted(sort_title(d.title) for d in self.documents)

    def modified_order(self) -> list[datetime | None]:
        dated = sorted((d.modified for d in self.documents if d.modified), reverse=True)
        return [*dated, *(None for d in self.documents if d.modified is None)]


def text_values(document: SearchDocument) -> list[str]:
    context = [v for v in (document.owner, document.steward, document.department, document.application) if v]
    values = [
        document.title,
        *document.tags,
        document.description,
        *document.columns,
        document.path,
        *context,
    ]
    return [v for v in values if v]


def visible(document: SearchDocument, access: AccessFilter) -> bool:
    if access.max_rank < 0 or document.classification_rank < 0:
        return False
    return access.allows(document.classification_rank, [g for g in document.access_groups if g])


def _contains(sequence: list[str], run: list[str]) -> bool:
    width = len(run)
    return any(sequence[i : i + width] == run for i in range(len(sequence) - width + 1))


class Oracle:
    def __init__(self, documents: Iterable[SearchDocument], synonyms: SynonymSet | None = None) -> None:
        self.synonyms = synonyms
        self.docs: dict[int, _Indexed] = {}
        for document in documents:
            texts = text_values(document)
            values = [stem_tokens(t) for t in texts]
            self.docs[document.id] = _Indexed(
                document,
                values,
                {t for v in values for t in v},
                {t for text in texts for t in plain_tokens(text)},
                plain_tokens(document.title),
            )
        self.vocabulary = {word for d in self.docs.values() for word in d.plain}
        self._near_cache: dict[str, set[str]] = {}

    # -- matching -------------------------------------------------------------------------------------

    def clause(self, clause: Clause, doc: _Indexed, fuzzy: bool) -> bool | None:
        """Whether `doc` matches; None when the clause has no searchable token (it is ignored)."""
        if isinstance(clause, AnyOf):
            results = [self.clause(option, doc, fuzzy) for option in clause.options]
            kept = [r for r in results if r is not None]
            return any(kept) if kept else None
        if isinstance(clause, Prefix):
            tokens = plain_tokens(clause.text)
            if not tokens:
                return None
            earlier, last = tokens[:-1], tokens[-1]
            return set(earlier) <= doc.plain and any(word.startswith(last) for word in doc.plain)
        tokens = stem_tokens(clause.text)
        if not tokens:
            return None
        if len(tokens) == 1:
            if tokens[0] in doc.stems:
                return True
            return fuzzy and isinstance(clause, Term) and self._near(clause.text, doc)
        return any(_contains(value, tokens) for value in doc.values)

    def _near(self, text: str, doc: _Indexed) -> bool:
        return bool(self._near_words(text) & doc.plain)

    def _near_words(self, text: str) -> set[str]:
        """Every indexed plain word within the allowed edits of the query word (worked out once)."""
        if text not in self._near_cache:
            plain = plain_tokens(text)
            distance = fuzzy_distance(plain[0]) if len(plain) == 1 else 0
            self._near_cache[text] = (
                {w for w in self.vocabulary if edit_distance(plain[0], w) <= distance} if distance else set()
            )
        return self._near_cache[text]

    def matches(self, parsed: ParsedQuery, doc: _Indexed, fuzzy: bool) -> bool:
        for clause in parsed.must:
            if self.clause(clause, doc, fuzzy) is False:
                return False
        return all(self.clause(clause, doc, False) is not True for clause in parsed.must_not)

    @staticmethod
    def passes(
        document: SearchDocument, filters: Mapping[str, Sequence[str]], without: str | None = None
    ) -> bool:
        for facet in FACET_NAMES:
            selected = {v for v in filters.get(facet, ()) if v}
            if facet != without and selected and not selected & set(document.facet_values(facet)):
                return False
        return True

    # -- the contract ---------------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> Expected:
        parsed = parse(request.query, self.synonyms)
        result = self._search(request, parsed, fuzzy=False)
        if result.total == 0 and self._has_fuzzy_terms(parsed):
            retry = self._search(request, parsed, fuzzy=True)
            if retry.total:
                return retry
        return result

    def _search(self, request: SearchRequest, parsed: ParsedQuery, fuzzy: bool) -> Expected:
        candidates = [
            d
            for d in self.docs.values()
            if visible(d.document, request.access) and self.matches(parsed, d, fuzzy)
        ]
        found = [d.document for d in candidates if self.passes(d.document, request.filters)]
        facets = {}
        for facet in FACET_NAMES:
            counts: Counter[str] = Counter()
            for d in candidates:
                if self.passes(d.document, request.filters, without=facet):
                    counts.update(d.document.facet_values(facet))
            selected = list(dict.fromkeys(v for v in request.filters.get(facet, ()) if v))
            facets[facet] = buckets(counts, selected, request.facet_size)
        return Expected({d.id for d in found}, len(found), facets, fuzzy, found)

    @staticmethod
    def _has_fuzzy_terms(parsed: ParsedQuery) -> bool:
        for term in parsed.terms():
            plain = plain_tokens(term.text)
            if len(stem_tokens(term.text)) == 1 and len(plain) == 1 and fuzzy_distance(plain[0]):
                return True
        return False

    def suggestion_candidates(self, prefix: str, access: AccessFilter) -> set[int]:
        """Ids a suggestion for `prefix` may name: visible, with a title word starting with the last word."""
        tokens = plain_tokens(clean_text(prefix))
        if not tokens or len(tokens[-1]) < MIN_SUGGEST_CHARS:
            return set()
        earlier, last = set(tokens[:-1]), tokens[-1]
        return {
            doc_id
            for doc_id, d in self.docs.items()
            if visible(d.document, access)
            and earlier <= set(d.title_plain)
            and any(w.startswith(last) for w in d.title_plain)
        }

    def visible_ids(self, access: AccessFilter) -> set[int]:
        return {i for i, d in self.docs.items() if visible(d.document, access)}


def buckets(counts: Mapping[str, int], selected: Sequence[str], size: int) -> list[FacetBucket]:
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:size]
    names = {value for value, _ in top}
    top += [(value, counts.get(value, 0)) for value in selected if value not in names]
    top.sort(key=lambda item: (-item[1], item[0]))
    return [FacetBucket(value, count, value in selected) for value, count in top]

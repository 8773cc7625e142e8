"""Parsed user queries, filters and access rules as Tantivy queries, built with its constructors only.

User text never reaches Tantivy's query parser: each clause of `search.query.ParsedQuery` becomes term,
phrase, regex or fuzzy queries over analysed tokens, so no syntax can fail or reach another field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import tantivy
from tantivy import Occur, Query

from search.analysis import fuzzy_distance, normalise_title, plain_tokens, stem_tokens
from search.backend import FACET_NAMES, TEXT_FIELD_BOOSTS, AccessFilter
from search.embedded_schema import (
    ACCESS_KEY,
    ALL_PLAIN,
    TITLE_EXACT,
    TITLE_PLAIN,
    facet_field,
    read_access_key,
)
from search.query import Clause, ParsedQuery, Phrase, Prefix, Term

EXACT_TITLE_BOOST = 100.0  # the whole query is the title
NEAR_TITLE_BOOST = 20.0  # the whole query appears as a phrase in the title
TITLE_START_BOOST = 10.0  # suggestions: the title starts with the typed text
SAME_WORD_BOOST = 4.0  # the title has the very word typed, not only its stem ("parking", not "parks")
FUZZY_WEIGHT = 0.5  # a word within a few edits counts less than the word itself
DISMAX_TIE_BREAKER = 0.1


REGEX_MAX_CHARS = 200  # Tantivy refuses regexes past 1,000 automaton states


def prefix_term_query(schema: tantivy.Schema, field: str, prefix: str) -> Query:
    """Documents with a term in `field` starting with `prefix` (every such term: no expansion limit)."""
    if len(prefix) <= REGEX_MAX_CHARS:
        return Query.regex_query(schema, field, re.escape(prefix) + ".*")
    return Query.fuzzy_term_query(schema, field, prefix, 0, True, True)  # an exact prefix automaton


class QueryBuilder:
    def __init__(self, schema: tantivy.Schema) -> None:
        self.schema = schema

    # -- the user's text ------------------------------------------------------------------------------

    def text_query(self, parsed: ParsedQuery, *, fuzzy: bool = False) -> Query:
        """The query for the user's text: every positive clause must match, no exclusion may; title
        matches of the whole text add to the score."""
        subqueries: list[tuple[Occur, Query]] = []
        for clause in parsed.must:
            query = self.clause_query(clause, fuzzy=fuzzy)
            if query is not None:
                subqueries.append((Occur.Must, query))
        if not subqueries:
            subqueries.append((Occur.Must, Query.all_query()))
        for clause in parsed.must_not:
            query = self.clause_query(clause)
            if query is not None:
                subqueries.append((Occur.MustNot, query))
        subqueries.extend((Occur.Should, q) for q in self._title_boosts(parsed.text))
        if len(subqueries) == 1:
            return subqueries[0][1]
        return Query.boolean_query(subqueries)

    def clause_query(self, clause: Clause, *, fuzzy: bool = False) -> Query | None:
        """One clause, or None when it has no searchable token (it is then ignored)."""
        if isinstance(clause, Term):
            return self._words_query(clause.text, fuzzy=fuzzy)
        if isinstance(clause, Phrase):
            return self._words_query(clause.text, fuzzy=False)
        if isinstance(clause, Prefix):
            return self._prefix_query(clause.text, ALL_PLAIN)
        options = [self.clause_query(option, fuzzy=fuzzy) for option in clause.options]
        kept = [q for q in options if q is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else Query.boolean_query([(Occur.Should, q) for q in kept])

    def _words_query(self, text: str, *, fuzzy: bool) -> Query | None:
        tokens = stem_tokens(text)
        if not tokens:
            return None
        per_field = [
            Query.boost_query(self._field_words(name, tokens), boost)
            for name, boost in TEXT_FIELD_BOOSTS.items()
        ]
        query = Query.disjunction_max_query(per_field, tie_breaker=DISMAX_TIE_BREAKER)
        query = self._same_word_bonus(query, text, tokens)
        if fuzzy and len(tokens) == 1:
            plain = plain_tokens(text)
            distance = fuzzy_distance(plain[0]) if len(plain) == 1 else 0
            if distance:
                near = Query.fuzzy_term_query(self.schema, ALL_PLAIN, plain[0], distance, True)
                query = Query.boolean_query(
                    [(Occur.Should, query), (Occur.Should, Query.boost_query(near, FUZZY_WEIGHT))]
                )
        return query

    def _same_word_bonus(self, query: Query, text: str, tokens: list[str]) -> Query:
        """Stemming makes "parking" match "parks"; a title with the word as typed ranks higher. Scoring only:
        the bonus is optional, so what matches is unchanged."""
        plain = plain_tokens(text)
        if len(tokens) != 1 or len(plain) != 1 or plain[0] == tokens[0]:
            return query
        same = Query.boost_query(Query.term_query(self.schema, TITLE_PLAIN, plain[0]), SAME_WORD_BOOST)
        return Query.boolean_query([(Occur.Must, query), (Occur.Should, same)])

    def _field_words(self, name: str, tokens: list[str]) -> Query:
        if len(tokens) == 1:
            return Query.term_query(self.schema, name, tokens[0])
        return Query.phrase_query(self.schema, name, list[str | tuple[int, str]](tokens))

    def _prefix_query(self, text: str, field: str) -> Query | None:
        tokens = plain_tokens(text)
        if not tokens:
            return None
        parts = [Query.term_query(self.schema, field, token) for token in tokens[:-1]]
        parts.append(prefix_term_query(self.schema, field, tokens[-1]))
        return parts[0] if len(parts) == 1 else Query.boolean_query([(Occur.Must, q) for q in parts])

    def _title_boosts(self, text: str) -> list[Query]:
        boosts: list[Query] = []
        exact = normalise_title(text)
        if exact:
            boosts.append(
                Query.boost_query(Query.term_query(self.schema, TITLE_EXACT, exact), EXACT_TITLE_BOOST)
            )
        tokens = stem_tokens(text)
        if len(tokens) > 1:
            boosts.append(
                Query.boost_query(
                    Query.phrase_query(self.schema, "title", list[str | tuple[int, str]](tokens)),
                    NEAR_TITLE_BOOST,
                )
            )
        return boosts

    # -- suggestions ----------------------------------------------------------------------------------

    def suggest_query(self, text: str) -> Query | None:
        """Titles with a word starting with the last word typed (and the earlier words as words)."""
        words = self._prefix_query(text, TITLE_PLAIN)
        if words is None:
            return None
        start = prefix_term_query(self.schema, TITLE_EXACT, normalise_title(text))
        return Query.boolean_query(
            [(Occur.Must, words), (Occur.Should, Query.boost_query(start, TITLE_START_BOOST))]
        )

    # -- filters and access ---------------------------------------------------------------------------

    def filter_query(
        self, filters: Mapping[str, Sequence[str]], *, without: str | None = None
    ) -> Query | None:
        """Facet selections: any selected value within a facet, every facet with a selection."""
        parts: list[Query] = []
        for facet in FACET_NAMES:
            selected = {v for v in filters.get(facet, ()) if v}
            if not selected or facet == without:
                continue
            values = sorted(v for v in selected if _encodable(v))  # others cannot match an indexed value
            if values:
                parts.append(Query.term_set_query(self.schema, facet_field(facet), values))
            else:
                parts.append(Query.empty_query())
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Query.boolean_query([(Occur.Must, q) for q in parts])

    def access_clause(
        self, access: AccessFilter, index_keys: Sequence[tuple[str, int]], *, browsing: bool
    ) -> tuple[Occur, Query] | None:
        """The principal's visibility rule for one index snapshot, given its access keys and their document
        counts (each document has exactly one key). Visible: classification within clearance and, if
        restricted to groups, in one of them. None when everything indexed is visible.

        Whichever side is cheaper is queried: the keys held (Must), or, when a text query is narrowed by the
        rule, the keys not held (MustNot), which touches fewer documents when most are visible."""
        held: list[str] = []
        hidden: list[str] = []
        held_docs = hidden_docs = 0
        for key, docs in index_keys:
            decoded = read_access_key(key)
            if decoded is not None and _visible(access, *decoded):
                held.append(key)
                held_docs += docs
            else:
                hidden.append(key)
                hidden_docs += docs
        if not hidden:
            return None
        if not held:
            return Occur.Must, Query.empty_query()
        if browsing or held_docs <= hidden_docs:
            return Occur.Must, Query.const_score_query(
                Query.term_set_query(self.schema, ACCESS_KEY, held), 0.0
            )
        return Occur.MustNot, Query.term_set_query(self.schema, ACCESS_KEY, hidden)

    @staticmethod
    def restrict(query: Query, *conditions: Query | None, access: tuple[Occur, Query] | None = None) -> Query:
        """`query` and every condition (which add nothing to the score), under the access rule."""
        clauses = [(Occur.Must, query)]
        clauses.extend((Occur.Must, Query.const_score_query(c, 0.0)) for c in conditions if c is not None)
        if access is not None:
            clauses.append(access)
        return query if len(clauses) == 1 else Query.boolean_query(clauses)


def _visible(access: AccessFilter, rank: int, groups: frozenset[str]) -> bool:
    return rank >= 0 and access.max_rank >= 0 and access.allows(rank, groups)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True

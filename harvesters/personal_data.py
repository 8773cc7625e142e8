"""Personal-data hints: column names and comments that look like personal data.

A hint is a suggestion in the harvested layer ("personal", or "special_category" when health-like or other
special-category words appear); a curator's value always wins over it. Names are split into words
(`dateOfBirth`, `date_of_birth` and `DOB` all become "date of birth"/"dob") before the rules are applied.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from harvesters.base import Column

PERSONAL_RULES: tuple[tuple[str, str], ...] = (
    ("email", r"\be ?mail\b|\bemail address\b"),
    ("phone number", r"\b(tele?phone|phone|mobile|tel no|tel number|landline|fax)\b"),
    ("date of birth", r"\b(dob|date of birth|birth ?date|birthday|born on)\b"),
    ("NI number", r"\b(ni ?no|ni number|nino|national insurance)\b"),
    ("address", r"\b((?<!mail )(?<!ip )address|addr|street|house number|flat number|address line \d)\b"),
    ("postcode", r"\b(post ?code|postal code|zip ?code)\b"),
    ("UPRN", r"\b(uprn|usrn)\b"),
    (
        "name",
        r"\b(first ?name|last ?name|surname|fore ?names?|full ?name|given ?names?|family ?name|"
        r"middle ?names?|maiden ?name|person ?name|contact ?name|customer ?name|tenant ?name|"
        r"resident ?name|applicant ?name|client ?name|employee ?name|preferred ?name|title and name)\b",
    ),
    ("identity document", r"\b(passport|driving licen[cs]e|licen[cs]e number)\b"),
    ("financial details", r"\b(bank account|account number|sort ?code|iban|card number)\b"),
    ("online identifier", r"\b(ip address|username|user ?name|login)\b"),
    ("gender", r"\b(gender|sex)\b"),
    ("NHS number", r"\bnhs ?(no|number)\b"),
)

SPECIAL_RULES: tuple[tuple[str, str], ...] = (
    (
        "health",
        r"\b(health|medical|medication|diagnos[ie]s|disabilit(y|ies)|disabled|illness|condition|"
        r"allerg(y|ies)|mental|gp|hospital|clinical|care needs?|nhs)\b",
    ),
    ("ethnicity", r"\b(ethnic(ity)?|ethnic origin|race|racial)\b"),
    ("religion", r"\b(religion|religious|faith|belief)\b"),
    ("sexual orientation", r"\b(sexual orientation|sexuality|sex life)\b"),
    ("trade union", r"\btrade union\b"),
    ("biometric or genetic", r"\b(biometric|genetic|fingerprint|dna)\b"),
)

# A bare "name" column is personal only in a table about people.
PEOPLE_WORDS = re.compile(
    r"\b(person|people|persons|resident|residents|customer|customers|tenant|tenants|applicant|applicants|"
    r"client|clients|user|users|employee|employees|staff|contact|contacts|citizen|citizens|member|members|"
    r"patient|patients|pupil|pupils|student|students|child|children|claimant|claimants|officer|officers|"
    r"councillor|councillors|voter|voters|elector|electors)\b"
)

_COMPILED_PERSONAL = tuple((label, re.compile(pattern)) for label, pattern in PERSONAL_RULES)
_COMPILED_SPECIAL = tuple((label, re.compile(pattern)) for label, pattern in SPECIAL_RULES)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def words(text: str) -> str:
    """`dateOfBirth` / `DATE_OF_BIRTH` / `date-of-birth` -> "date of birth"."""
    return " ".join(_NON_WORD.split(_CAMEL.sub(" ", text).lower())).strip()


@dataclass(frozen=True)
class PersonalDataHint:
    level: str  # "personal" or "special_category"
    columns: tuple[str, ...]  # the columns that triggered it, in table order
    reasons: tuple[str, ...]  # what they looked like ("email", "health", ...)

    def describe(self) -> str:
        return f"Columns that look like personal data: {', '.join(self.columns)} ({', '.join(self.reasons)})."


@functools.lru_cache(maxsize=16384)
def _labels(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(personal, special-category) labels matching one normalised name or comment; the same names recur
    across thousands of tables, so answers are cached."""
    if not text:
        return (), ()
    return (
        tuple(label for label, pattern in _COMPILED_PERSONAL if pattern.search(text)),
        tuple(label for label, pattern in _COMPILED_SPECIAL if pattern.search(text)),
    )


@functools.lru_cache(maxsize=16384)
def _words(text: str) -> str:
    return words(text)


def hint_for(table_name: str, columns: Sequence[Column]) -> PersonalDataHint | None:
    """The suggestion for a table with these columns, or None when nothing looks personal."""
    # About people: the table's name says so, or a column points at a person (tenant_id, client_ref).
    about_people = bool(PEOPLE_WORDS.search(_words(table_name))) or any(
        PEOPLE_WORDS.search(_words(c.name)) for c in columns
    )
    matches: list[tuple[str, list[str], list[str]]] = []
    for column in columns:
        name, comment = _words(column.name), _words(column.comment or "")
        (name_personal, name_special), (comment_personal, comment_special) = _labels(name), _labels(comment)
        found = [*name_personal, *comment_personal]
        if not found and name == "name" and about_people:
            found = ["name"]
        found_special = [*name_special, *comment_special]
        if found or found_special:
            matches.append((column.name, found, found_special))
    # Health-like words alone (ward statistics of hospital admissions) do not make data personal.
    if not matches or (not about_people and not any(found for _, found, _ in matches)):
        return None
    triggered = [name for name, _, _ in matches]
    reasons = [reason for _, found, special_found in matches for reason in found + special_found]
    special = any(special_found for _, _, special_found in matches)
    return PersonalDataHint(
        "special_category" if special else "personal", tuple(triggered), tuple(dict.fromkeys(reasons))
    )

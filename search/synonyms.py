"""Synonym groups: words and phrases that mean the same to a council officer.

A file has one group per line, members separated by commas; `#` starts a comment. Matching is on
lower-cased words, so "PCN" in a query finds "penalty charge notice" and the other way round.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

BUILT_IN = """
pcn, penalty charge notice, parking ticket, parking fine
hmo, house in multiple occupation, houses in multiple occupation
cctv, closed circuit television, surveillance camera
send, special educational needs, special educational needs and disabilities
foi, freedom of information
sar, subject access request
dob, date of birth
ni number, national insurance number, nino
uprn, unique property reference number
tpo, tree preservation order
nndr, business rates, non domestic rates
ctax, council tax
asc, adult social care
jsna, joint strategic needs assessment
gis, geographic information system, mapping
hr, human resources, personnel
ict, it, information technology
vrm, vehicle registration mark, number plate, registration number
asb, anti social behaviour, antisocial behaviour
dpia, data protection impact assessment
bin, refuse, rubbish, waste collection
pothole, carriageway defect, road defect
"""


class SynonymSet:
    def __init__(self, groups: Iterable[Sequence[str]]) -> None:
        self._groups: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.longest = 0
        for raw_group in groups:
            members = tuple(dict.fromkeys(" ".join(m.lower().split()) for m in raw_group if m.strip()))
            if len(members) < 2:
                continue
            for member in members:
                words = tuple(member.split())
                self._groups[words] = members
                self.longest = max(self.longest, len(words))

    def __bool__(self) -> bool:
        return bool(self._groups)

    def group_of(self, words: Sequence[str]) -> tuple[str, ...] | None:
        return self._groups.get(tuple(w.lower() for w in words))

    @classmethod
    def parse(cls, text: str) -> SynonymSet:
        groups = []
        for line in text.splitlines():
            line = line.split("#", 1)[0]
            if line.strip():
                groups.append(line.split(","))
        return cls(groups)

    @classmethod
    def built_in(cls) -> SynonymSet:
        return cls.parse(BUILT_IN)

    @classmethod
    def load(cls, path: str | Path | None) -> SynonymSet:
        """The groups in `path`, or the built-in list when no path is given."""
        if not path:
            return cls.built_in()
        return cls.parse(Path(path).read_text(encoding="utf-8"))

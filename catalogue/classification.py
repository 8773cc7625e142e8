"""The classification scheme: an ordered list of levels, lowest first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class UnknownClassification(ValueError):
    """A value that is not a level of the scheme."""


@dataclass(frozen=True)
class ClassificationScheme:
    levels: tuple[str, ...]
    default: str  # restrictive default when nothing is known

    @classmethod
    def of(cls, levels: Sequence[str], default: str | None = None) -> ClassificationScheme:
        levels = tuple(levels)
        return cls(levels, default or levels[-1])

    def rank(self, level: str) -> int:
        """0 for the lowest level. Raises UnknownClassification for a value outside the scheme."""
        try:
            return self.levels.index(level)
        except ValueError:
            raise UnknownClassification(
                f"{level!r} is not a classification; use one of {', '.join(self.levels)}"
            ) from None

    def normalise(self, value: str | None) -> str | None:
        """Match a level case- and spacing-insensitively ("official sensitive" -> "OFFICIAL-SENSITIVE")."""
        if value is None or not str(value).strip():
            return None
        wanted = _squash(str(value))
        for level in self.levels:
            if _squash(level) == wanted:
                return level
        raise UnknownClassification(f"{value!r} is not a classification; use one of {', '.join(self.levels)}")

    def effective_rank(self, level: str | None) -> int:
        """The rank used for access: unknown or missing levels count as the most restrictive."""
        if level in self.levels:
            return self.levels.index(level)
        return len(self.levels) - 1

    @property
    def lowest(self) -> str:
        return self.levels[0]

    @property
    def highest(self) -> str:
        return self.levels[-1]


def _squash(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())

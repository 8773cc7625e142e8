"""From an OpenID Connect ID token's claims to a catalogue identity: who (username, name, email, a stable
external id) and what they may do (role, clearance, access groups), through CATALOGUE_OIDC_CLAIM_MAP.

The map's keys are values of the token's `roles` claim (Entra ID app roles) or `groups` claim (group
object ids); each grants any of a role, a clearance and access groups. When several match, the most
powerful role and the highest clearance win and the groups add up. Someone matching nothing signs in as a
viewer at the lowest clearance.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from catalogue import roles
from catalogue.classification import ClassificationScheme
from catalogue.config import ConfigError

CLAIMS_READ = ("roles", "groups")


@dataclass(frozen=True)
class Grant:
    role: str | None = None
    clearance: str | None = None
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class OidcIdentity:
    external_id: str  # "issuer|subject": stable for one person at one provider
    username: str
    display_name: str
    email: str | None
    role: str
    clearance: str
    groups: tuple[str, ...]


def parse_claim_map(raw: Mapping[str, Any], scheme: ClassificationScheme) -> dict[str, Grant]:
    """Check CATALOGUE_OIDC_CLAIM_MAP; a role or level that does not exist is a configuration error."""
    grants: dict[str, Grant] = {}
    for value, spec in raw.items():
        where = f"CATALOGUE_OIDC_CLAIM_MAP[{value!r}]"
        if not isinstance(spec, dict) or set(spec) - {"role", "clearance", "groups"}:
            raise ConfigError(f"{where}: give an object with role, clearance and/or groups")
        role, clearance, groups = spec.get("role"), spec.get("clearance"), spec.get("groups", [])
        if role is not None and role not in roles.ROLES:
            raise ConfigError(f"{where}: unknown role {role!r} (use {', '.join(roles.ROLES)})")
        if clearance is not None and clearance not in scheme.levels:
            raise ConfigError(f"{where}: unknown clearance {clearance!r} (use {', '.join(scheme.levels)})")
        if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
            raise ConfigError(f"{where}: groups must be a list of names")
        grants[str(value)] = Grant(role, clearance, tuple(groups))
    return grants


def identity_from_claims(
    claims: Mapping[str, Any], grants: Mapping[str, Grant], scheme: ClassificationScheme
) -> OidcIdentity:
    """The identity the (already verified) ID token claims describe."""
    issuer, subject = claims.get("iss"), claims.get("sub")
    if not issuer or not subject:
        raise ValueError("the ID token has no issuer or subject")
    # Entra ID: preferred_username is the UPN (user@council.gov.uk); email is optional
    username = str(claims.get("preferred_username") or claims.get("email") or subject).strip().lower()
    matched = [grants[v] for v in _claim_values(claims) if v in grants]
    role = roles.highest_role({g.role for g in matched if g.role})
    levels = [g.clearance for g in matched if g.clearance]
    clearance = max(levels, key=scheme.rank) if levels else scheme.lowest
    groups = tuple(sorted({group for g in matched for group in g.groups}))
    return OidcIdentity(
        external_id=f"{issuer}|{subject}",
        username=username,
        display_name=str(claims.get("name") or username),
        email=str(claims["email"]) if claims.get("email") else None,
        role=role,
        clearance=clearance,
        groups=groups,
    )


def _claim_values(claims: Mapping[str, Any]) -> list[str]:
    values: list[str] = []
    for name in CLAIMS_READ:
        value = claims.get(name) or []
        values.extend(str(v) for v in (value if isinstance(value, list) else [value]))
    return values

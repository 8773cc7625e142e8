"""The roles a user may have, and what each may do: the one place that says so.

- viewer: every member of staff; reads what their clearance and groups allow.
- curator: an information asset owner or steward; edits the assets they own or steward, and those of the
  departments they have been granted (`Principal.curated_departments`).
- opendata (open-data officer): assesses assets for publication (open-data status and licence).
- admin: manages sources, harvests, users and tokens, and may edit any asset they can see.

Other modules ask `may(role, ACTION)` rather than comparing role names.
"""

from __future__ import annotations

VIEWER = "viewer"
CURATOR = "curator"
OPEN_DATA_OFFICER = "opendata"
ADMIN = "admin"

# Lowest first; where an identity provider grants several, the last one listed wins.
ROLES: tuple[str, ...] = (VIEWER, CURATOR, OPEN_DATA_OFFICER, ADMIN)

ROLE_LABELS = {
    VIEWER: "Viewer",
    CURATOR: "Curator",
    OPEN_DATA_OFFICER: "Open-data officer",
    ADMIN: "Administrator",
}

# Actions
READ = "read"  # search and read what clearance and groups allow
USE_API_TOKENS = "use_api_tokens"  # create and revoke one's own API tokens
CURATE_OWN = "curate_own"  # edit assets one owns or stewards, and those of granted departments
CURATE_ANY = "curate_any"  # edit any asset one can see
ASSESS_OPEN_DATA = "assess_open_data"  # set open-data status, reason and licence
MANAGE_SOURCES = "manage_sources"  # add and edit sources, start harvests, confirm retirements
MANAGE_USERS = "manage_users"  # users, roles, clearances, other people's tokens
READ_AUDIT = "read_audit"  # the audit log

PERMISSIONS: dict[str, frozenset[str]] = {
    VIEWER: frozenset({READ, USE_API_TOKENS}),
    CURATOR: frozenset({READ, USE_API_TOKENS, CURATE_OWN}),
    OPEN_DATA_OFFICER: frozenset({READ, USE_API_TOKENS, ASSESS_OPEN_DATA}),
    ADMIN: frozenset(
        {
            READ,
            USE_API_TOKENS,
            CURATE_OWN,
            CURATE_ANY,
            ASSESS_OPEN_DATA,
            MANAGE_SOURCES,
            MANAGE_USERS,
            READ_AUDIT,
        }
    ),
}


def may(role: str, action: str) -> bool:
    """Whether a role allows an action (an unknown role allows nothing)."""
    return action in PERMISSIONS.get(role, frozenset())


def check_role(role: str) -> str:
    """The role itself, or ValueError naming the roles there are."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    return role


def highest_role(roles: set[str] | frozenset[str]) -> str:
    """The most powerful of several roles (viewer when none)."""
    ranked = [r for r in ROLES if r in roles]
    return ranked[-1] if ranked else VIEWER

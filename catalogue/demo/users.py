"""The demo's users: one of each role, at several clearances, all with one documented password (for the
demo catalogue only). The curator is linked to the busiest information asset owner they can see, so their
"My assets" has something in it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from catalogue import roles
from catalogue.auth import passwords, users
from catalogue.auth.users import NewUser
from catalogue.models import Asset, AssetAccessGroup
from catalogue.runtime import Catalogue

DEMO_PASSWORD = "catalogue-demo"  # noqa: S105 - documented, for the demo catalogue only
ACTOR = "demo-loader"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    clearance: str
    person: str | None = None
    departments: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()


def demo_logins(catalogue: Catalogue) -> list[DemoLogin]:
    """The demo users this catalogue should have (the curator's person found in its assets)."""
    levels = catalogue.scheme.levels
    middle = levels[min(1, len(levels) - 1)]
    person, department = _busiest_owner(catalogue, middle)
    return [
        DemoLogin(f"viewer-{_slug(levels[0])}", roles.VIEWER, levels[0]),
        DemoLogin(
            f"curator-{_slug(middle)}",
            roles.CURATOR,
            middle,
            person=person,
            departments=(department,) if department else (),
        ),
        DemoLogin("opendata", roles.OPEN_DATA_OFFICER, levels[0]),
        DemoLogin(
            f"admin-{_slug(levels[-1])}", roles.ADMIN, levels[-1], groups=tuple(_all_groups(catalogue))
        ),
    ]


def ensure_demo_users(catalogue: Catalogue) -> list[DemoLogin]:
    """Create the demo users that are missing (an existing one is left as it is); returns all of them."""
    logins = demo_logins(catalogue)
    password_hash: str | None = None
    with catalogue.sessions.begin() as db:
        for login in logins:
            if users.find(db, login.username) is not None:
                continue
            password_hash = password_hash or passwords.hash_password(DEMO_PASSWORD)
            new = NewUser(
                username=login.username,
                role=login.role,
                clearance=login.clearance,
                groups=login.groups,
                password_hash=password_hash,
                person=login.person,
                departments=login.departments,
                display_name=login.username.replace("-", " ").capitalize(),
            )
            users.add(db, catalogue.scheme, new, ACTOR)
    return logins


def _slug(level: str) -> str:
    return level.split("-")[-1].lower()


def _busiest_owner(catalogue: Catalogue, clearance: str) -> tuple[str | None, str | None]:
    """The owner with most unrestricted assets up to this clearance, and their commonest department."""
    rank = catalogue.scheme.rank(clearance)
    visible = (Asset.classification_rank <= rank, Asset.restricted.is_(False), Asset.owner.is_not(None))
    with catalogue.sessions() as db:
        owner = db.scalar(
            select(Asset.owner)
            .where(*visible)
            .group_by(Asset.owner)
            .order_by(func.count().desc(), Asset.owner)
        )
        if owner is None:
            return None, None
        department = db.scalar(
            select(Asset.department)
            .where(*visible, Asset.owner == owner, Asset.department.is_not(None))
            .group_by(Asset.department)
            .order_by(func.count().desc(), Asset.department)
        )
    return owner, department


def _all_groups(catalogue: Catalogue) -> list[str]:
    with catalogue.sessions() as db:
        return list(db.scalars(select(AssetAccessGroup.group).distinct().order_by(AssetAccessGroup.group)))

"""The sign-in service of one catalogue: password sign-in with rate limiting, sessions, API tokens and
single sign-on identities, each recorded in the audit log. Its clock can be replaced (tests move time)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy.orm import Session

from catalogue.access import Principal
from catalogue.audit import record_event
from catalogue.auth import passwords, sessions, tokens, users
from catalogue.auth.oidc_claims import OidcIdentity
from catalogue.auth.sessions import SessionPolicy
from catalogue.auth.throttle import LoginThrottle
from catalogue.models import User, utcnow
from catalogue.runtime import Catalogue

Clock = Callable[[], datetime]


class SignInStatus(Enum):
    SIGNED_IN = "signed_in"
    BAD_CREDENTIALS = "bad_credentials"  # unknown user, wrong password, or disabled: one answer for all
    LOCKED = "locked"  # too many failures: try again after the window


@dataclass(frozen=True)
class SignIn:
    status: SignInStatus
    session_id: str | None = None  # the new session's id, for the cookie
    user: User | None = None


@dataclass
class Auth:
    catalogue: Catalogue
    clock: Clock = field(default=utcnow)

    @property
    def production(self) -> bool:
        return bool(self.catalogue.settings.env == "production")

    @property
    def cookie_name(self) -> str:
        """The session cookie; in production `__Host-` makes browsers insist on Secure, path / and no
        domain."""
        return "__Host-catalogue_session" if self.production else "catalogue_session"

    @property
    def policy(self) -> SessionPolicy:
        s = self.catalogue.settings
        return SessionPolicy(
            idle=timedelta(seconds=s.session_idle_timeout),
            absolute=timedelta(seconds=s.session_absolute_timeout),
        )

    @property
    def throttle(self) -> LoginThrottle:
        s = self.catalogue.settings
        return LoginThrottle(s.login_max_failures, timedelta(seconds=s.login_lockout_seconds))

    def sign_in_with_password(
        self, username: str, password: str, address: str, replaced_session: str | None = None
    ) -> SignIn:
        """Check a username and password (unless locked out); on success end any session the browser
        had and start a new one (a fresh id at every sign-in)."""
        now = self.clock()
        name = username.strip().lower()[:200]
        with self.catalogue.sessions.begin() as db:
            if self.throttle.locked(db, name, address, now):
                record_event(
                    db, name or "-", "user.signin_failed", method="password", reason="locked", address=address
                )
                return SignIn(SignInStatus.LOCKED)
            user = users.find(db, name) if name else None
            valid = passwords.verify_password(user.password_hash if user else None, password)
            if user is None or not valid or user.disabled:
                self.throttle.record(db, name, address, False, now)
                reason = "unknown user" if user is None else "disabled" if valid else "wrong password"
                record_event(
                    db, name or "-", "user.signin_failed", method="password", reason=reason, address=address
                )
                return SignIn(SignInStatus.BAD_CREDENTIALS)
            if user.password_hash and passwords.needs_rehash(user.password_hash):
                user.password_hash = passwords.hash_password(password)
            self.throttle.record(db, name, address, True, now)
            raw = self._start(db, user, "password", address, replaced_session, now)
            return SignIn(SignInStatus.SIGNED_IN, raw, user)

    def sign_in_with_identity(
        self, identity: OidcIdentity, address: str, replaced_session: str | None = None
    ) -> SignIn:
        """Sign in someone the identity provider vouched for: create their user at the first sign-in,
        bring role, clearance and groups up to date at every one."""
        now = self.clock()
        with self.catalogue.sessions.begin() as db:
            user = users.sync_identity(db, self.catalogue.scheme, identity)
            if user.disabled:
                record_event(
                    db, user.username, "user.signin_failed", method="oidc", reason="disabled", address=address
                )
                return SignIn(SignInStatus.BAD_CREDENTIALS)
            raw = self._start(db, user, "oidc", address, replaced_session, now)
            return SignIn(SignInStatus.SIGNED_IN, raw, user)

    def _start(
        self, db: Session, user: User, method: str, address: str, replaced: str | None, now: datetime
    ) -> str:
        if replaced:
            sessions.end(db, replaced)
        user.last_signin_at = now
        record_event(db, user.username, "user.signin", method=method, address=address)
        return sessions.start(db, user, method, now)

    def sign_out(self, session_id: str) -> None:
        with self.catalogue.sessions.begin() as db:
            row = sessions.end(db, session_id)
            if row is not None:
                user = db.get(User, row.user_id)
                record_event(db, user.username if user else "-", "user.signout")

    def principal_for_session(self, session_id: str) -> Principal | None:
        """The signed-in user's principal, or None if the session is unknown, expired or its user disabled."""
        with self.catalogue.sessions.begin() as db:
            row = sessions.find(db, session_id, self.policy, self.clock())
            if row is None:
                return None
            user = db.get(User, row.user_id)
            if user is None or user.disabled:
                return None
            return users.principal_for(user)

    def principal_for_token(self, token: str) -> Principal | None:
        with self.catalogue.sessions.begin() as db:
            user = tokens.find_user(db, token, self.clock())
            if user is None or user.disabled:
                return None
            return users.principal_for(user)

    def user(self, user_id: int) -> User | None:
        with self.catalogue.sessions() as db:
            return db.get(User, user_id)

"""What production mode (CATALOGUE_ENV=production) insists on before the app starts."""

from __future__ import annotations

from catalogue.config import ConfigError, Settings

MIN_SECRET_LENGTH = 32
KNOWN_DEFAULTS = frozenset({"change-me", "changeme", "secret", "dev", "development", "catalogue", "default"})


def check_secret_key(settings: Settings) -> None:
    """Refuse to run in production with no secret key, a short one, or a well-known placeholder."""
    if settings.env != "production":
        return
    key = str(settings.secret_key or "")
    if not key:
        raise ConfigError(
            "CATALOGUE_ENV=production needs CATALOGUE_SECRET_KEY (at least 32 random characters, e.g. from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
        )
    if len(key) < MIN_SECRET_LENGTH or key.strip().lower() in KNOWN_DEFAULTS or len(set(key)) < 8:
        raise ConfigError(
            f"CATALOGUE_SECRET_KEY is too short or a placeholder: production needs at least "
            f"{MIN_SECRET_LENGTH} random characters"
        )

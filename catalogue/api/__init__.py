"""The JSON API, version 1 (mounted at /api/v1): search, suggest, assets and their history, duplicates,
and the OpenAPI document that describes them. Views call the service layer only (`catalogue.store`,
`catalogue.searching`, `catalogue.duplicates`), so every read goes through `visible_to` like the HTML
pages."""

from catalogue.api import (  # noqa: F401 - their routes register on bp
    assets,
    audit,
    bulk,
    discovery,
    duplicates,
    export,
    me,
    openapi,
    sources,
    user_admin,
)
from catalogue.api.blueprint import bp

__all__ = ["bp"]

"""The settings of a SharePoint source: the app registration, the clouds to talk to, what to read."""

from __future__ import annotations

from urllib.parse import urlsplit

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates


class SharePointConfigSchema(Schema):
    """Settings of a SharePoint Online source (an app registration with Sites.Read.All or Sites.Selected)."""

    class Meta:
        unknown = RAISE

    tenant_id = fields.Str(required=True, metadata={"description": "Directory (tenant) id or domain"})
    client_id = fields.Str(required=True, metadata={"description": "Application (client) id of the app"})
    client_secret = fields.Str(
        load_default=None,
        allow_none=True,
        load_only=True,
        metadata={"description": "Client secret (a certificate is preferred)", "secret": True},
    )
    certificate = fields.Str(
        load_default=None,
        allow_none=True,
        load_only=True,
        metadata={"description": "PEM with the app's private key and its certificate", "secret": True},
    )
    certificate_password = fields.Str(
        load_default=None,
        allow_none=True,
        load_only=True,
        metadata={"description": "Password of the certificate's private key, if any", "secret": True},
    )
    authority_url = fields.Str(
        load_default="https://login.microsoftonline.com",
        metadata={"description": "Identity platform host (national clouds: login.microsoftonline.us, ...)"},
    )
    graph_url = fields.Str(
        load_default="https://graph.microsoft.com",
        metadata={"description": "Microsoft Graph host (national clouds: graph.microsoft.us, ...)"},
    )
    sites = fields.List(
        fields.Str(),
        load_default=list,
        metadata={"description": "Site URLs to harvest; empty: every site the app may read"},
    )
    include_personal_sites = fields.Bool(
        load_default=False, metadata={"description": "Also harvest OneDrive (personal) sites"}
    )
    read_permissions = fields.Bool(
        load_default=True,
        metadata={"description": "Read each changed item's permissions for its sharing scope"},
    )
    read_retention_labels = fields.Bool(
        load_default=False,
        metadata={"description": "Read each changed file's retention label (one more call per file)"},
    )
    ca_bundle = fields.Str(
        load_default=None,
        allow_none=True,
        metadata={"description": "CA bundle to trust (default: REQUESTS_CA_BUNDLE, else the system's)"},
    )
    timeout = fields.Int(
        load_default=60, validate=validate.Range(min=1), metadata={"description": "Seconds per request"}
    )
    max_retry_after = fields.Int(
        load_default=240,
        validate=validate.Range(min=1),
        metadata={"description": "Longest Retry-After (s) to wait out; a longer one stops the run"},
    )

    @validates("authority_url", "graph_url")
    def _check_https(self, value: str, data_key: str) -> None:
        if urlsplit(value).scheme != "https" or not urlsplit(value).netloc:
            raise ValidationError("give an https:// URL")

    @validates("sites")
    def _check_sites(self, value: list[str], data_key: str) -> None:
        for url in value:
            if urlsplit(url).scheme != "https" or not urlsplit(url).netloc:
                raise ValidationError(f"{url!r} is not an https:// site URL")

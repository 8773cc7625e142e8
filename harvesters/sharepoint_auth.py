"""App-only tokens for Microsoft Graph from the Microsoft identity platform, through MSAL's confidential
client (a client secret or, better, a certificate).

The authority is configurable (national clouds, a test server). For a host MSAL does not know, its
instance discovery (a call to Microsoft's public endpoint) is turned off. MSAL talks through our own
`requests` session with `verify` passed on every call, so a configured CA bundle is the one trusted
(requests otherwise lets `REQUESTS_CA_BUNDLE` override a session's `verify`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import msal
import requests
from cryptography import x509

from harvesters.sharepoint_graph import AuthenticationFailed, TokenSource

# Hosts of Microsoft's public and national-cloud authorities, which MSAL's instance discovery knows.
KNOWN_AUTHORITY_HOSTS = frozenset(
    {
        "login.microsoftonline.com",
        "login.windows.net",
        "login.microsoft.com",
        "sts.windows.net",
        "login.microsoftonline.us",
        "login.usgovcloudapi.net",
        "login.chinacloudapi.cn",
        "login.partner.microsoftonline.cn",
        "login.microsoftonline.de",
    }
)


class _VerifyingHttp:
    """The http_client MSAL calls: our session, with `verify` and a timeout on every request."""

    def __init__(self, session: requests.Session, verify: bool | str, timeout: float) -> None:
        self.session, self.verify, self.timeout = session, verify, timeout

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        return self.session.get(url, verify=self.verify, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        return self.session.post(url, verify=self.verify, **kwargs)

    def close(self) -> None:
        self.session.close()


def certificate_credential(pem: str, password: str | None = None) -> dict[str, Any]:
    """MSAL's client credential for a PEM holding the private key and its certificate."""
    try:
        x509.load_pem_x509_certificate(pem.encode("utf-8"))
    except ValueError:
        raise AuthenticationFailed(0, "badCertificate", "the certificate is not a PEM certificate") from None
    # Without a "thumbprint", MSAL signs with PS256 and sends the certificate's SHA-256 thumbprint (x5t#S256).
    credential: dict[str, Any] = {"private_key": pem, "public_certificate": pem}
    if password:
        credential["passphrase"] = password
    return credential


class MsalTokens(TokenSource):
    def __init__(
        self,
        *,
        authority: str,
        client_id: str,
        scope: str,
        client_secret: str | None = None,
        certificate: str | None = None,
        certificate_password: str | None = None,
        verify: bool | str = True,
        timeout: float = 30.0,
    ) -> None:
        if certificate:
            credential: str | dict[str, Any] = certificate_credential(certificate, certificate_password)
        elif client_secret:
            credential = client_secret
        else:
            raise AuthenticationFailed(0, "noCredential", "give a client secret or a certificate")
        host = (urlsplit(authority).hostname or "").lower()
        self.scope = scope
        try:  # MSAL reads the authority's OpenID configuration here
            self.app = msal.ConfidentialClientApplication(
                client_id,
                client_credential=credential,
                authority=authority,
                http_client=_VerifyingHttp(requests.Session(), verify, timeout),
                instance_discovery=host in KNOWN_AUTHORITY_HOSTS,
            )
        except (ValueError, RuntimeError, requests.RequestException) as error:
            raise AuthenticationFailed(
                0, "tokenUnavailable", f"no token from the authority: {_reason(error)}"
            ) from None

    def token(self) -> str:
        try:
            result = self.app.acquire_token_for_client(scopes=[self.scope])
        except (ValueError, RuntimeError, requests.RequestException) as error:
            raise AuthenticationFailed(
                0, "tokenUnavailable", f"no token from the authority: {_reason(error)}"
            ) from None
        token = result.get("access_token") if isinstance(result, dict) else None
        if not isinstance(token, str):
            details = result if isinstance(result, dict) else {}
            code = str(details.get("error", "unknown"))
            description = str(details.get("error_description", ""))
            reason = description.splitlines()[0] if description else ""
            raise AuthenticationFailed(
                401, code, f"the authority refused the app's credentials: {code} {reason}".strip()
            )
        return token

    def renew(self) -> str:
        self.app.remove_tokens_for_client()
        return self.token()


def _reason(error: Exception) -> str:
    """The gist of a failure to reach the authority (a TLS or connection error, a bad discovery)."""
    text = str(error)
    for marker in (
        "CERTIFICATE_VERIFY_FAILED",
        "Connection refused",
        "timed out",
        "Name or service not known",
    ):
        if marker in text:
            return f"{type(error).__name__}: {marker}"
    return f"{type(error).__name__}: {text[:200]}"

"""`GET /export/assets.csv` and `GET /export/assets.xlsx`: the register as the caller may see it, streamed as
a download; and their OpenAPI operations."""

from __future__ import annotations

from typing import Any

from flask import Response, request

from catalogue.api.blueprint import bp
from catalogue.api.doc_parts import SIGNED_IN
from catalogue.export_audit import record_export
from catalogue.register.exporter import HEADERS, csv_chunks, xlsx_chunks
from catalogue.web.principals import current_catalogue, require_principal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(body: Any, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/export/assets.csv")
def export_assets_csv() -> Response:
    principal = require_principal()
    store = current_catalogue().store
    record_export(store, principal, "csv", request.args.to_dict(flat=False), channel="api")
    return _download(csv_chunks(store, principal), "text/csv", "assets.csv")


@bp.get("/export/assets.xlsx")
def export_assets_xlsx() -> Response:
    principal = require_principal()
    store = current_catalogue().store
    record_export(store, principal, "xlsx", request.args.to_dict(flat=False), channel="api")
    return _download(xlsx_chunks(store, principal), XLSX, "assets.xlsx")


_COLUMNS = ", ".join(f"`{h}`" for h in HEADERS)
_DESCRIPTION = (
    "One row per asset you may see (the same rule as search: classification within your clearance, and "
    "your groups for restricted assets), in id order, with the columns " + _COLUMNS + ". Lists are "
    "comma-separated; dates are YYYY-MM-DD. The file imports back with `catalogue import FILE --key Key`."
)
_DOWNLOAD_HEADERS = {
    "Content-Disposition": {"description": "attachment; filename=...", "schema": {"type": "string"}}
}


def _operation(summary: str, operation_id: str, media_type: str, what: str) -> dict[str, Any]:
    return {
        "summary": summary,
        "description": _DESCRIPTION,
        "operationId": operation_id,
        "security": SIGNED_IN,
        "responses": {
            "200": {
                "description": what,
                "headers": _DOWNLOAD_HEADERS,
                "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
            },
            "401": "Unauthorized",
        },
    }


OPERATIONS: dict[str, dict[str, dict[str, Any]]] = {
    "export_assets_csv": {
        "get": _operation(
            "The register you may see, as CSV", "exportAssetsCsv", "text/csv", "A CSV file (UTF-8)"
        )
    },
    "export_assets_xlsx": {
        "get": _operation(
            "The register you may see, as an Excel workbook", "exportAssetsXlsx", XLSX, "An .xlsx workbook"
        )
    },
}

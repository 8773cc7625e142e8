"""The JSON API's shapes (marshmallow): what each endpoint returns or takes, and what the OpenAPI document
describes. The asset fields are generated from `catalogue.fields`, so a field declared there appears here."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from catalogue.fields import LAYERED_FIELDS, FieldSpec, FieldType
from search.backend import FACET_NAMES, MAX_PER_PAGE, SORT_ORDERS

# ----- errors ----------------------------------------------------------------------------------------


class ErrorBodySchema(Schema):
    code = fields.Str(required=True, metadata={"description": "A stable, machine-readable error code"})
    message = fields.Str(required=True, metadata={"description": "What went wrong, for people"})
    details = fields.Dict(
        required=True, metadata={"description": "More about the error, e.g. a message per bad parameter"}
    )


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


# ----- search and suggest ----------------------------------------------------------------------------


class _SearchArgsBaseSchema(Schema):
    """The query string of `GET /search` (documentation; `SearchParams.from_args` reads it)."""

    q = fields.Str(
        metadata={"description": 'Words, "quoted phrases", -exclusions, OR, and a trailing * prefix'}
    )
    sort = fields.Str(validate=validate.OneOf(SORT_ORDERS), metadata={"default": "relevance"})
    page = fields.Int(validate=validate.Range(min=1), metadata={"default": 1})
    per_page = fields.Int(validate=validate.Range(min=1, max=MAX_PER_PAGE), metadata={"default": 20})


def _facet_arg(name: str) -> fields.Field[Any]:
    return fields.List(
        fields.Str(), metadata={"description": f"Only assets with one of these {name} values (repeatable)"}
    )


SearchArgsSchema = _SearchArgsBaseSchema.from_dict(
    {name: _facet_arg(name) for name in FACET_NAMES}, name="SearchArgsSchema"
)


class SearchHitSchema(Schema):
    id = fields.Int(required=True)
    title = fields.Str(required=True)
    kind = fields.Str(required=True)
    owner = fields.Str(required=True, allow_none=True)
    department = fields.Str(required=True, allow_none=True)
    classification = fields.Str(required=True)
    source = fields.Str(required=True, metadata={"description": "The source's name"})
    location = fields.Str(required=True, allow_none=True)
    modified = fields.DateTime(
        required=True, allow_none=True, metadata={"description": "Modified at source (ISO 8601)"}
    )
    snippet = fields.Str(
        required=True, metadata={"description": "HTML-safe text; matched words wrapped in <mark>"}
    )


class FacetBucketSchema(Schema):
    value = fields.Str(required=True)
    count = fields.Int(required=True)
    selected = fields.Bool(required=True)


def _facet_buckets() -> fields.Field[Any]:
    return fields.List(fields.Nested(FacetBucketSchema), required=True)


FacetsSchema = Schema.from_dict({name: _facet_buckets() for name in FACET_NAMES}, name="FacetsSchema")


class SearchResultSchema(Schema):
    total = fields.Int(required=True, metadata={"description": "Exact count of matching visible assets"})
    page = fields.Int(required=True)
    per_page = fields.Int(required=True)
    fuzzy = fields.Bool(required=True, metadata={"description": "True when typo-tolerant matching was used"})
    results = fields.List(fields.Nested(SearchHitSchema), required=True)
    facets = fields.Nested(FacetsSchema, required=True)


class SuggestionSchema(Schema):
    id = fields.Int(required=True)
    title = fields.Str(required=True)
    kind = fields.Str(required=True)
    url = fields.Str(required=True, metadata={"description": "The asset's page"})


class SuggestionsSchema(Schema):
    suggestions = fields.List(fields.Nested(SuggestionSchema), required=True)


# ----- assets ----------------------------------------------------------------------------------------


def layered_field(spec: FieldSpec, *, stored: bool = False, required: bool = False) -> fields.Field[Any]:
    """A marshmallow field for one layered field; `stored`: the JSON form the layers keep (dates as
    ISO 8601 strings) rather than the effective value's type; `required`: always present (may be null)."""
    about: dict[str, Any] = {"description": spec.label + (f". {spec.help}" if spec.help else "")}
    options: dict[str, Any] = {"allow_none": True, "required": required, "metadata": about}
    if spec.value_type is FieldType.INTEGER:
        return fields.Int(strict=True, validate=validate.Range(min=0), **options)
    if spec.value_type is FieldType.LIST:
        return fields.List(fields.Str(), **options)
    if spec.value_type is FieldType.CHOICE:
        assert spec.choices is not None
        return fields.Str(validate=validate.OneOf([c.value for c in spec.choices]), **options)
    if spec.value_type in (FieldType.DATETIME, FieldType.DATE):
        if stored:
            about["format"] = "date-time" if spec.value_type is FieldType.DATETIME else "date"
            return fields.Str(**options)
        return fields.DateTime(**options) if spec.value_type is FieldType.DATETIME else fields.Date(**options)
    if spec.value_type is FieldType.CLASSIFICATION:
        about["description"] += ". A level of the configured classification scheme"
    return fields.Str(**options)


LayerSchema = Schema.from_dict(
    {spec.name: layered_field(spec, stored=True) for spec in LAYERED_FIELDS}, name="LayerSchema"
)

AssetPatchSchema = Schema.from_dict(
    {spec.name: layered_field(spec) for spec in LAYERED_FIELDS}, name="AssetPatchSchema"
)
AssetPatchSchema.__doc__ = "Curated values to set; null clears the curated value. Unknown fields are refused."


class ParentSchema(Schema):
    id = fields.Int(required=True)
    title = fields.Str(required=True)


class ColumnSchema(Schema):
    name = fields.Str(required=True)
    data_type = fields.Str(required=True)
    nullable = fields.Bool(allow_none=True)
    default = fields.Str(allow_none=True)
    comment = fields.Str(required=True)
    primary_key = fields.Bool(required=True)


class _AssetBaseSchema(Schema):
    id = fields.Int(required=True)
    source = fields.Str(required=True, metadata={"description": "The source's name"})
    key = fields.Str(required=True, metadata={"description": "The asset's stable key within its source"})
    parent = fields.Nested(
        ParentSchema,
        allow_none=True,
        metadata={"description": "The parent asset, when there is one you may see"},
    )
    application_id = fields.Int(
        required=True,
        allow_none=True,
        metadata={
            "description": "The application asset named by `application`, when there is one you may see"
        },
    )
    version = fields.Int(required=True, metadata={"description": "For If-Match when editing"})
    harvested = fields.Nested(LayerSchema, required=True, metadata={"description": "What the source says"})
    curated = fields.Nested(LayerSchema, required=True, metadata={"description": "What curators have set"})
    columns = fields.List(fields.Nested(ColumnSchema), required=True)
    children_count = fields.Int(required=True, metadata={"description": "Child assets you may see"})
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    url = fields.Str(required=True, metadata={"description": "The asset's page"})


AssetSchema = _AssetBaseSchema.from_dict(
    {spec.name: layered_field(spec, required=True) for spec in LAYERED_FIELDS}, name="AssetSchema"
)
AssetSchema.__doc__ = "An asset: the effective value of every field, both layers, and its columns."


class ChangeSchema(Schema):
    at = fields.DateTime(required=True, attribute="changed_at")
    actor = fields.Str(required=True, metadata={"description": 'A user name, or "harvest:<source>"'})
    layer = fields.Str(required=True, validate=validate.OneOf(["harvested", "curated", "created"]))
    field = fields.Str(required=True, metadata={"description": 'A field name ("*" when created)'})
    old = fields.Raw(allow_none=True, attribute="old_value")
    new = fields.Raw(allow_none=True, attribute="new_value")
    version = fields.Int(required=True, metadata={"description": "The asset's version after the change"})


class HistorySchema(Schema):
    changes = fields.List(
        fields.Nested(ChangeSchema), required=True, metadata={"description": "Newest first"}
    )


class ConflictDetailsSchema(Schema):
    current_version = fields.Int(required=True)
    changes = fields.List(
        fields.Nested(ChangeSchema), required=True, metadata={"description": "Changes since your version"}
    )


class ConflictBodySchema(Schema):
    code = fields.Str(required=True, metadata={"description": '"stale_version"'})
    message = fields.Str(required=True)
    details = fields.Nested(ConflictDetailsSchema, required=True)


class ConflictSchema(Schema):
    error = fields.Nested(ConflictBodySchema, required=True)

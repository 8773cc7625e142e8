"""The JSON API's shapes for sources and harvest runs. Source configs are shown with secrets masked."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from catalogue.harvest.report import RunStatus
from catalogue.harvest.secrets import MASK

_CONFIG = (
    "The harvester's settings (see its kind). A secret is shown as "
    f'"{MASK}" when stored encrypted, or as its reference {{"env": NAME}} / {{"file": PATH}}. '
    "When writing, a secret may be text (stored encrypted), a reference, or left out (or sent as the "
    "mask) to keep the stored one."
)
_RULES = 'Path rules applied in order: [{"pattern": "Finance/**", "set": {"department": "Finance"}}]'
_DEFAULTS = "Governed values the source's assets get when the source says nothing (owner, department, …)"


class RunErrorSchema(Schema):
    message = fields.Str(required=True, metadata={"description": "The error, with the item's key taken out"})
    count = fields.Int(required=True, metadata={"description": "How many items had it"})
    sample_keys = fields.List(fields.Str(), required=True, metadata={"description": "Up to 5 item keys"})


class RunSchema(Schema):
    """A harvest run. Its report (the counts, message, gaps, review and errors) is shown to admins only: it
    covers assets a reader may not see. Others get the id, source, status, trigger, `full` and times."""

    id = fields.Int(required=True)
    source_id = fields.Int(required=True)
    status = fields.Str(required=True, validate=validate.OneOf([s.value for s in RunStatus]))
    trigger = fields.Str(required=True, metadata={"description": "manual, schedule or api"})
    full = fields.Bool(required=True, metadata={"description": "Every item read again"})
    started_at = fields.DateTime(required=True)
    finished_at = fields.DateTime(required=True, allow_none=True)
    added = fields.Int(required=False)
    updated = fields.Int(required=False)
    unchanged = fields.Int(required=False)
    gone = fields.Int(required=False, metadata={"description": "Marked gone at source"})
    failed = fields.Int(required=False, metadata={"description": "Items that could not be read"})
    needs_review = fields.Bool(
        required=True,
        metadata={
            "description": "Retirement held back (empty listing, or over the limit); an admin confirms"
        },
    )
    reviewed_by = fields.Str(required=False, allow_none=True)
    reviewed_at = fields.DateTime(required=False, allow_none=True)
    message = fields.Str(required=False)
    gaps = fields.List(fields.Str(), required=False, metadata={"description": "Key prefixes not listed"})
    errors = fields.List(fields.Nested(RunErrorSchema), required=False, metadata={"description": "Grouped"})


class RunListSchema(Schema):
    runs = fields.List(fields.Nested(RunSchema), required=True, metadata={"description": "Newest first"})


class SourceSchema(Schema):
    id = fields.Int(required=True)
    name = fields.Str(required=True)
    title = fields.Str(required=True)
    kind = fields.Str(required=True, metadata={"description": "The harvester kind"})
    enabled = fields.Bool(required=True)
    schedule = fields.Str(required=True, allow_none=True, metadata={"description": "A cron expression"})
    config = fields.Dict(required=True, metadata={"description": _CONFIG})
    defaults = fields.Dict(required=True, metadata={"description": _DEFAULTS})
    rules = fields.List(fields.Dict(), required=True, metadata={"description": _RULES})
    asset_count = fields.Int(required=True)
    next_run = fields.DateTime(
        required=True,
        allow_none=True,
        metadata={"description": "When its schedule harvests it next (null: no schedule, or disabled)"},
    )
    last_run = fields.Nested(RunSchema, required=True, allow_none=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


class SourceListSchema(Schema):
    sources = fields.List(fields.Nested(SourceSchema), required=True)


class _SourceWriteSchema(Schema):
    class Meta:
        unknown = RAISE

    title = fields.Str(metadata={"description": "A title for people"})
    config = fields.Dict(metadata={"description": _CONFIG})
    defaults = fields.Dict(metadata={"description": _DEFAULTS})
    rules = fields.List(fields.Dict(), metadata={"description": _RULES})
    schedule = fields.Str(allow_none=True, metadata={"description": "A cron expression, or null for none"})
    enabled = fields.Bool(metadata={"description": "Disabled sources are not harvested"})


class SourceCreateSchema(_SourceWriteSchema):
    name = fields.Str(required=True, metadata={"description": "Lower-case letters, digits, '.', '_', '-'"})
    kind = fields.Str(required=True, metadata={"description": "A registered harvester kind"})
    config = fields.Dict(required=True, metadata={"description": _CONFIG})


class SourcePatchSchema(_SourceWriteSchema):
    """Only the settings sent change."""


class RunRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    full = fields.Bool(load_default=False, metadata={"description": "Read every item again"})


class ConnectionCheckSchema(Schema):
    ok = fields.Bool(required=True, metadata={"description": "The source could be reached and read"})
    message = fields.Str(required=True, metadata={"description": "What happened (never a secret)"})

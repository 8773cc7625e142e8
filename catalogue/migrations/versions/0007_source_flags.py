"""flags at source: what a harvester found out about an item, apart from its tags

A file share tagged shadow databases, password-protected files and (new) files everyone may read. A
curator who edited an item's tags then hid those findings, or kept them after the source changed. They are
a field of their own now, measured like the other facts at source, and searched as tags. Nothing is moved
here: the file-share harvester's records changed version, so its next run reads every file once more and
writes its findings into the new field.

Revision ID: 0007_source_flags
Revises: 0006_access_at_source
Create Date: 2026-11-24 17:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_source_flags"
down_revision: str | None = "0006_access_at_source"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("flags", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.drop_column("flags")

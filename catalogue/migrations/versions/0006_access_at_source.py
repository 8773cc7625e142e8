"""access at source: the owner and readers a share's permissions give, in their own fields

Until now the file share wrote them into the description ("Owner at source: ... Readable at source by:
..."). Nothing is moved here: the file-share harvester's records changed version, so its next run reads
every file once more and writes the new fields and a description without them.

Revision ID: 0006_access_at_source
Revises: 0005_quick_xor_hash
Create Date: 2026-11-24 16:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_access_at_source"
down_revision: str | None = "0005_quick_xor_hash"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_at_source", sa.String(length=300), nullable=True))
        batch_op.add_column(
            sa.Column("readable_at_source_by", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.drop_column("readable_at_source_by")
        batch_op.drop_column("owner_at_source")

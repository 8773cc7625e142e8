"""applications: vendor, hosting, business and technical owners, and the application an asset belongs to

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("vendor", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("hosting", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("application", sa.String(length=1000), nullable=True))
        batch_op.add_column(sa.Column("business_owner", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("technical_owner", sa.String(length=300), nullable=True))
        batch_op.create_index(batch_op.f("ix_assets_application"), ["application"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assets_application"))
        batch_op.drop_column("technical_owner")
        batch_op.drop_column("business_owner")
        batch_op.drop_column("application")
        batch_op.drop_column("hosting")
        batch_op.drop_column("vendor")

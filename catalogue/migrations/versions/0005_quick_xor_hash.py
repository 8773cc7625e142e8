"""quick_xor_hash: Microsoft's quickXorHash in its own field, so content_hash holds sha256 again

Assets harvested while both harvesters stored `quickxor:<base64>` in `content_hash` have that value moved
to `quick_xor_hash` (harvested layer and effective column); a full harvest of a share then adds its sha256.

Revision ID: 0005_quick_xor_hash
Revises: 0004_auth
Create Date: 2026-11-24 10:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_quick_xor_hash"
down_revision: str | None = "0004_auth"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PREFIX = "quickxor:"

assets = sa.table(
    "assets",
    sa.column("id", sa.Integer()),
    sa.column("harvested", sa.JSON()),
    sa.column("curated", sa.JSON()),
    sa.column("content_hash", sa.String()),
    sa.column("quick_xor_hash", sa.String()),
)


def upgrade() -> None:
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quick_xor_hash", sa.String(length=128), nullable=True))
        batch_op.create_index(batch_op.f("ix_assets_quick_xor_hash"), ["quick_xor_hash"], unique=False)
    _move_quickxor_values()


def _move_quickxor_values() -> None:
    """A harvested `content_hash = quickxor:...` becomes `quick_xor_hash`; the effective columns follow
    (a curated content hash, set by an admin, stays where it is)."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(assets.c.id, assets.c.harvested, assets.c.curated).where(
            sa.cast(assets.c.harvested, sa.Text).like(f"%{PREFIX}%")  # a cheap sieve; checked below
        )
    ).all()
    moved: list[dict[str, object]] = []
    for asset_id, harvested, curated in rows:
        layer = dict(harvested or {})
        value = layer.get("content_hash")
        if isinstance(value, str) and value.startswith(PREFIX):
            layer["quick_xor_hash"] = layer.pop("content_hash")
            kept = (curated or {}).get("content_hash")
            moved.append({"asset": asset_id, "layer": layer, "quick_xor": value, "sha256": kept})
    if moved:
        connection.execute(
            sa.update(assets)
            .where(assets.c.id == sa.bindparam("asset"))
            .values(
                harvested=sa.bindparam("layer", type_=sa.JSON()),
                quick_xor_hash=sa.bindparam("quick_xor"),
                content_hash=sa.bindparam("sha256"),
            ),
            moved,
        )


def downgrade() -> None:
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assets_quick_xor_hash"))
        batch_op.drop_column("quick_xor_hash")

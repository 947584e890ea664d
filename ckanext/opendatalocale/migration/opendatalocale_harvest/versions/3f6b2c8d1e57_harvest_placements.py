"""Datasets a platform-level harvest source could not match to a territory

Revision ID: 3f6b2c8d1e57
Revises:
Create Date: 2026-12-03 06:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = "3f6b2c8d1e57"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "odl_harvest_placement",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("source_id", sa.UnicodeText,
                  sa.ForeignKey("package.id", ondelete="CASCADE"), nullable=False),
        sa.Column("guid", sa.UnicodeText, nullable=False),
        sa.Column("remote_identifier", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("title", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("publisher", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("reason", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("dataset", sa.UnicodeText, nullable=False, server_default="{}"),
        sa.Column("territory_id", sa.UnicodeText,
                  sa.ForeignKey("group.id", ondelete="SET NULL")),
        sa.Column("package_id", sa.UnicodeText,
                  sa.ForeignKey("package.id", ondelete="SET NULL")),
        sa.Column("assigned_by", sa.UnicodeText),
        sa.Column("recorded", sa.DateTime, nullable=False),
        sa.UniqueConstraint("source_id", "guid"),
    )
    op.create_index("ix_odl_harvest_placement_source_id", "odl_harvest_placement", ["source_id"])


def downgrade():
    op.drop_index("ix_odl_harvest_placement_source_id", "odl_harvest_placement")
    op.drop_table("odl_harvest_placement")

"""Reuses and the datasets they use

Revision ID: b3e8f05a6c71
Revises: 9a4c1e7b2d30
Create Date: 2026-12-02 15:35:00

"""
from alembic import op
import sqlalchemy as sa

revision = "b3e8f05a6c71"
down_revision = "9a4c1e7b2d30"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "odl_engagement_reuse",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("territory_id", sa.UnicodeText,
                  sa.ForeignKey("group.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("description", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("url", sa.UnicodeText, nullable=False),
        sa.Column("link_key", sa.UnicodeText, nullable=False, unique=True),
        sa.Column("image_url", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("reuse_type", sa.UnicodeText, nullable=False),
        sa.Column("topic", sa.UnicodeText, nullable=False),
        sa.Column("author", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("user_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="SET NULL")),
        sa.Column("state", sa.UnicodeText, nullable=False, server_default="proposee"),
        sa.Column("reason", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("state_changed", sa.DateTime),
        sa.Column("state_changed_by", sa.UnicodeText),
    )
    op.create_index("ix_odl_engagement_reuse_territory_id", "odl_engagement_reuse",
                    ["territory_id"])
    op.create_index("ix_odl_engagement_reuse_state", "odl_engagement_reuse", ["state"])
    op.create_table(
        "odl_engagement_reuse_dataset",
        sa.Column("reuse_id", sa.UnicodeText,
                  sa.ForeignKey("odl_engagement_reuse.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("package_id", sa.UnicodeText,
                  sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_index("ix_odl_engagement_reuse_dataset_package_id",
                    "odl_engagement_reuse_dataset", ["package_id"])


def downgrade():
    op.drop_table("odl_engagement_reuse_dataset")
    op.drop_table("odl_engagement_reuse")

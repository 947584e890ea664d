"""Resource reachability: what the quality job's last check of each file's link said

Revision ID: 8e3c5a7f1d92
Revises: 6a9d3e1f2b48
Create Date: 2026-12-03 10:15:00

"""
from alembic import op
import sqlalchemy as sa

revision = "8e3c5a7f1d92"
down_revision = "6a9d3e1f2b48"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "odl_resource_reachability",
        sa.Column("resource_id", sa.UnicodeText, primary_key=True),
        sa.Column("dataset_id", sa.UnicodeText,
                  sa.ForeignKey("package.id", ondelete="CASCADE"), nullable=False),
        sa.Column("url", sa.UnicodeText, nullable=False),
        sa.Column("reachable", sa.Boolean, nullable=False),
        sa.Column("reason", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("message", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("checked_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_odl_resource_reachability_dataset_id", "odl_resource_reachability",
                    ["dataset_id"])


def downgrade():
    op.drop_table("odl_resource_reachability")

"""Matching keys of each dataset, for the incremental check on save

Revision ID: 8c1f0b7d2e94
Revises: 5d2e8a41c7b3
Create Date: 2026-12-02 15:40:00

"""
from alembic import op
import sqlalchemy as sa

revision = "8c1f0b7d2e94"
down_revision = "5d2e8a41c7b3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "odl_dedup_key",
        sa.Column("dataset_id", sa.UnicodeText, primary_key=True),
        sa.Column("key", sa.UnicodeText, primary_key=True),
    )
    op.create_index("ix_odl_dedup_key_key", "odl_dedup_key", ["key"])


def downgrade():
    op.drop_table("odl_dedup_key")

"""Decisions on one pair of a cluster, and the datasets a "doublon" decision deleted

Revision ID: 3b7e9c1d5a20
Revises: 8c1f0b7d2e94
Create Date: 2026-12-03 06:20:00

"""
from alembic import op
import sqlalchemy as sa

revision = "3b7e9c1d5a20"
down_revision = "8c1f0b7d2e94"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("odl_dedup_decision", sa.Column("dataset_a", sa.UnicodeText))
    op.add_column("odl_dedup_decision", sa.Column("dataset_b", sa.UnicodeText))
    op.add_column("odl_dedup_decision", sa.Column("deleted_ids", sa.UnicodeText))
    op.add_column("odl_dedup_decision", sa.Column("restored_ids", sa.UnicodeText))
    op.create_index("ix_odl_dedup_decision_pair", "odl_dedup_decision",
                    ["dataset_a", "dataset_b"])


def downgrade():
    op.drop_index("ix_odl_dedup_decision_pair", "odl_dedup_decision")
    for column in ("restored_ids", "deleted_ids", "dataset_b", "dataset_a"):
        op.drop_column("odl_dedup_decision", column)

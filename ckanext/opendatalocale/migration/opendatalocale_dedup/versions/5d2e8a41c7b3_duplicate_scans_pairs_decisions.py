"""Duplicate scans, candidate pairs, decisions and file digests

Revision ID: 5d2e8a41c7b3
Revises:
Create Date: 2026-12-02 11:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "5d2e8a41c7b3"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "odl_dedup_scan",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("state", sa.UnicodeText, nullable=False),
        sa.Column("done", sa.Integer, nullable=False, server_default="0"),
        sa.Column("total", sa.Integer, nullable=False, server_default="0"),
        sa.Column("requested_by", sa.UnicodeText),
        sa.Column("queued_at", sa.DateTime, nullable=False),
        sa.Column("started", sa.DateTime),
        sa.Column("finished", sa.DateTime),
        sa.Column("message", sa.UnicodeText, nullable=False, server_default=""),
    )
    op.create_table(
        "odl_dedup_pair",
        sa.Column("dataset_a", sa.UnicodeText, primary_key=True),
        sa.Column("dataset_b", sa.UnicodeText, primary_key=True),
        sa.Column("cluster_id", sa.UnicodeText, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("reasons", sa.UnicodeText, nullable=False),
        sa.Column("fingerprints", sa.UnicodeText, nullable=False),
        sa.Column("found_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_odl_dedup_pair_cluster_id", "odl_dedup_pair", ["cluster_id"])
    op.create_index("ix_odl_dedup_pair_dataset_b", "odl_dedup_pair", ["dataset_b"])
    op.create_table(
        "odl_dedup_decision",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("cluster_id", sa.UnicodeText, nullable=False),
        sa.Column("decision", sa.UnicodeText, nullable=False),
        sa.Column("keep_id", sa.UnicodeText),
        sa.Column("dataset_ids", sa.UnicodeText, nullable=False),
        sa.Column("fingerprints", sa.UnicodeText, nullable=False),
        sa.Column("decided_by", sa.UnicodeText, nullable=False),
        sa.Column("decided_at", sa.DateTime, nullable=False),
        sa.Column("undone_by", sa.UnicodeText),
        sa.Column("undone_at", sa.DateTime),
    )
    op.create_index("ix_odl_dedup_decision_cluster_id", "odl_dedup_decision", ["cluster_id"])
    op.create_table(
        "odl_dedup_file_digest",
        sa.Column("resource_id", sa.UnicodeText, primary_key=True),
        sa.Column("marker", sa.UnicodeText, nullable=False),
        sa.Column("sha256", sa.UnicodeText, nullable=False),
        sa.Column("computed_at", sa.DateTime, nullable=False),
    )


def downgrade():
    op.drop_table("odl_dedup_file_digest")
    op.drop_table("odl_dedup_decision")
    op.drop_table("odl_dedup_pair")
    op.drop_table("odl_dedup_scan")

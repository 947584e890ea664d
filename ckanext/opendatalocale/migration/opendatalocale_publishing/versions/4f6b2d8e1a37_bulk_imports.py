"""Bulk imports: the checked plan, its errors, the progress of its application

Revision ID: 4f6b2d8e1a37
Revises:
Create Date: 2026-12-02 19:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "4f6b2d8e1a37"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "odl_bulk_import",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("requested_by", sa.UnicodeText, nullable=False),
        sa.Column("file_name", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("state", sa.UnicodeText, nullable=False),
        sa.Column("plan", sa.UnicodeText, nullable=False, server_default="[]"),
        sa.Column("errors", sa.UnicodeText, nullable=False, server_default="[]"),
        sa.Column("results", sa.UnicodeText, nullable=False, server_default="[]"),
        sa.Column("done", sa.Integer, nullable=False, server_default="0"),
        sa.Column("total", sa.Integer, nullable=False, server_default="0"),
        sa.Column("checked_at", sa.DateTime, nullable=False),
        sa.Column("started", sa.DateTime),
        sa.Column("finished", sa.DateTime),
        sa.Column("message", sa.UnicodeText, nullable=False, server_default=""),
    )
    op.create_index("ix_odl_bulk_import_requested_by", "odl_bulk_import", ["requested_by"])


def downgrade():
    op.drop_table("odl_bulk_import")

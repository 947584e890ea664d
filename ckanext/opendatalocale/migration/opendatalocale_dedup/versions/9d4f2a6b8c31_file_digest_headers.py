"""Column names read on a file's first line beside its digest (files never validated)

Revision ID: 9d4f2a6b8c31
Revises: 3b7e9c1d5a20
Create Date: 2026-12-03 06:40:00

"""
from alembic import op
import sqlalchemy as sa

revision = "9d4f2a6b8c31"
down_revision = "3b7e9c1d5a20"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("odl_dedup_file_digest", sa.Column("headers", sa.UnicodeText))


def downgrade():
    op.drop_column("odl_dedup_file_digest", "headers")

"""Resource validation results (ckanext-validation's shapes, the suite's table).

Revision ID: 0b1f2c3d4e5f
Revises:
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa

revision = "0b1f2c3d4e5f"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "opendatalocale_resource_validation",
        sa.Column("resource_id", sa.UnicodeText, primary_key=True),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("schema_name", sa.UnicodeText),
        sa.Column("schema_version", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("finished", sa.DateTime),
        sa.Column("rows_read", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("error_count", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("report", sa.UnicodeText),
        sa.Column("error", sa.UnicodeText),
    )


def downgrade():
    op.drop_table("opendatalocale_resource_validation")

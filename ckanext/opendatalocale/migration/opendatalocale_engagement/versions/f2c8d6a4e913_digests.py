"""When each territory's admins last got their daily digest

Revision ID: f2c8d6a4e913
Revises: e5a17c3d9b42
Create Date: 2026-12-03 06:40:00

"""
from alembic import op
import sqlalchemy as sa

revision = "f2c8d6a4e913"
down_revision = "e5a17c3d9b42"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "odl_engagement_digest",
        sa.Column("territory_id", sa.UnicodeText,
                  sa.ForeignKey("group.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("last_sent", sa.DateTime, nullable=False),
        sa.Column("last_day", sa.Date, nullable=False),
    )


def downgrade():
    op.drop_table("odl_engagement_digest")

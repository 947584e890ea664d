"""Milestones declared by territories and their progress history

Revision ID: 3c1f2a9d7e01
Revises:
Create Date: 2025-06-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "3c1f2a9d7e01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "odl_territory_milestone",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("territory_id", sa.UnicodeText,
                  sa.ForeignKey("group.id", ondelete="CASCADE"), nullable=False),
        sa.Column("milestone", sa.UnicodeText, nullable=False),
        sa.Column("status", sa.UnicodeText, nullable=False, server_default="declared"),
        sa.Column("achieved_on", sa.Date),
        sa.Column("note", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("evidence_url", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("declared_by", sa.UnicodeText),
        sa.Column("declared_at", sa.DateTime),
        sa.Column("reviewed_by", sa.UnicodeText),
        sa.Column("reviewed_at", sa.DateTime),
        sa.Column("review_note", sa.UnicodeText, nullable=False, server_default=""),
        sa.UniqueConstraint("territory_id", "milestone"),
    )
    op.create_index("ix_odl_territory_milestone_territory_id", "odl_territory_milestone",
                    ["territory_id"])
    op.create_table(
        "odl_territory_progress",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("territory_id", sa.UnicodeText,
                  sa.ForeignKey("group.id", ondelete="CASCADE"), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("current_phase", sa.Integer, nullable=False),
        sa.Column("percent", sa.Integer, nullable=False),
        sa.Column("met_criteria", sa.UnicodeText, nullable=False),
    )
    op.create_index("odl_territory_progress_territory_time", "odl_territory_progress",
                    ["territory_id", "recorded_at"])


def downgrade():
    op.drop_table("odl_territory_progress")
    op.drop_table("odl_territory_milestone")

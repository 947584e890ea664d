"""Data requests and their votes

Revision ID: 7d2e4b6a9c10
Revises:
Create Date: 2026-12-02 11:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "7d2e4b6a9c10"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "odl_engagement_data_request",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("territory_id", sa.UnicodeText,
                  sa.ForeignKey("group.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("description", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("purpose", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("requester_kind", sa.UnicodeText, nullable=False),
        sa.Column("user_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="SET NULL")),
        sa.Column("state", sa.UnicodeText, nullable=False, server_default="nouvelle"),
        sa.Column("reason", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("dataset_id", sa.UnicodeText,
                  sa.ForeignKey("package.id", ondelete="SET NULL")),
        sa.Column("vote_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("state_changed", sa.DateTime),
        sa.Column("state_changed_by", sa.UnicodeText),
    )
    op.create_index("ix_odl_engagement_data_request_territory_id",
                    "odl_engagement_data_request", ["territory_id"])
    op.create_index("ix_odl_engagement_data_request_state",
                    "odl_engagement_data_request", ["state"])
    op.create_table(
        "odl_engagement_data_request_vote",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("data_request_id", sa.UnicodeText,
                  sa.ForeignKey("odl_engagement_data_request.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("user_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.UniqueConstraint("data_request_id", "user_id"),
    )
    op.create_index("ix_odl_engagement_data_request_vote_data_request_id",
                    "odl_engagement_data_request_vote", ["data_request_id"])


def downgrade():
    op.drop_table("odl_engagement_data_request_vote")
    op.drop_table("odl_engagement_data_request")

"""Votes without an account: a vote row may name no user (its one per address is
kept in Redis, hashed, never in the database)

Revision ID: d81f3b5c2e64
Revises: c4d9e2f7a815
Create Date: 2026-12-03 15:40:00

"""
from alembic import op
import sqlalchemy as sa

revision = "d81f3b5c2e64"
down_revision = "c4d9e2f7a815"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("odl_engagement_data_request_vote", "user_id",
                    existing_type=sa.UnicodeText, nullable=True)


def downgrade():
    op.execute("DELETE FROM odl_engagement_data_request_vote WHERE user_id IS NULL")
    op.alter_column("odl_engagement_data_request_vote", "user_id",
                    existing_type=sa.UnicodeText, nullable=False)

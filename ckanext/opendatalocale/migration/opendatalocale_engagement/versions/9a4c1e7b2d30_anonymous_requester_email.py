"""Anonymous requesters' optional e-mail (erased after closure)

Revision ID: 9a4c1e7b2d30
Revises: 7d2e4b6a9c10
Create Date: 2026-12-02 15:20:00

"""
from alembic import op
import sqlalchemy as sa

revision = "9a4c1e7b2d30"
down_revision = "7d2e4b6a9c10"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("odl_engagement_data_request",
                  sa.Column("requester_email", sa.UnicodeText, nullable=True))


def downgrade():
    op.drop_column("odl_engagement_data_request", "requester_email")

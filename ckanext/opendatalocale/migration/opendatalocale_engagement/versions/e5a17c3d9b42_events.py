"""Events of a territory (ateliers, hackathons, open-data days, trainings)

Revision ID: e5a17c3d9b42
Revises: b3e8f05a6c71
Create Date: 2026-12-03 06:20:00

"""
from alembic import op
import sqlalchemy as sa

revision = "e5a17c3d9b42"
down_revision = "b3e8f05a6c71"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "odl_engagement_event",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("territory_id", sa.UnicodeText,
                  sa.ForeignKey("group.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("description", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("starts_at", sa.DateTime, nullable=False),
        sa.Column("ends_at", sa.DateTime),
        sa.Column("place", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("online_url", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("audience", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("registration_url", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("visibility", sa.UnicodeText, nullable=False, server_default="publique"),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="SET NULL")),
        sa.Column("modified", sa.DateTime, nullable=False),
        sa.Column("sequence", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_odl_engagement_event_territory_id", "odl_engagement_event",
                    ["territory_id"])
    op.create_index("ix_odl_engagement_event_starts_at", "odl_engagement_event", ["starts_at"])


def downgrade():
    op.drop_table("odl_engagement_event")

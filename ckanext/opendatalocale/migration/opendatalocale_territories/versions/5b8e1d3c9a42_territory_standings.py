"""Territory standings kept for the overview, its exports and the obligation page

Revision ID: 5b8e1d3c9a42
Revises: 3c1f2a9d7e01
Create Date: 2026-12-03 21:40:00

"""
from alembic import op
import sqlalchemy as sa

revision = "5b8e1d3c9a42"
down_revision = "3c1f2a9d7e01"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "odl_territory_standing",
        sa.Column("territory_id", sa.UnicodeText,
                  sa.ForeignKey("group.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("kind", sa.UnicodeText),
        sa.Column("siren", sa.UnicodeText),
        sa.Column("insee_code", sa.UnicodeText),
        sa.Column("departement", sa.UnicodeText),
        sa.Column("population", sa.Integer),
        sa.Column("current_phase", sa.Integer, nullable=False, server_default="0"),
        sa.Column("percent", sa.Integer, nullable=False, server_default="0"),
        sa.Column("public_datasets", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_publication", sa.DateTime),
        # JSON text; CKAN's JsonType writes an empty dict as NULL
        sa.Column("overview_values", sa.UnicodeText),
        sa.Column("coverage_cells", sa.UnicodeText),
        sa.Column("stale", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("computed_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_odl_territory_standing_departement", "odl_territory_standing",
                    ["departement"])


def downgrade():
    op.drop_table("odl_territory_standing")

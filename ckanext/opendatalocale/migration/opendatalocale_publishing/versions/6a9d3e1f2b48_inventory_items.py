"""Inventory of data a territory holds and has not published yet

Revision ID: 6a9d3e1f2b48
Revises: 4f6b2d8e1a37
Create Date: 2026-12-03 06:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "6a9d3e1f2b48"
down_revision = "4f6b2d8e1a37"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "odl_inventory_item",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("territory_id", sa.UnicodeText,
                  sa.ForeignKey("group.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("description", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("owner_service", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("priority", sa.UnicodeText, nullable=False, server_default="moyenne"),
        sa.Column("blocker", sa.UnicodeText),
        sa.Column("blocker_detail", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("target_date", sa.Date),
        sa.Column("schema_id", sa.UnicodeText),
        sa.Column("status", sa.UnicodeText, nullable=False, server_default="a_publier"),
        sa.Column("dataset_id", sa.UnicodeText,
                  sa.ForeignKey("package.id", ondelete="SET NULL")),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="SET NULL")),
        sa.Column("updated", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="SET NULL")),
    )
    op.create_index("ix_odl_inventory_item_territory_id", "odl_inventory_item", ["territory_id"])
    op.create_index("ix_odl_inventory_item_status", "odl_inventory_item", ["status"])


def downgrade():
    op.drop_table("odl_inventory_item")

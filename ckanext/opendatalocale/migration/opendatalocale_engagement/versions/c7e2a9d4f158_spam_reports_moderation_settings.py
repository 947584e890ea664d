"""Spam reports and each territory's moderation setting

Revision ID: c7e2a9d4f158
Revises: f2c8d6a4e913
Create Date: 2026-12-03 10:20:00

"""
from alembic import op
import sqlalchemy as sa

revision = "c7e2a9d4f158"
down_revision = "f2c8d6a4e913"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "odl_engagement_spam_report",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("item_kind", sa.UnicodeText, nullable=False),
        sa.Column("item_id", sa.UnicodeText, nullable=False),
        sa.Column("territory_id", sa.UnicodeText,
                  sa.ForeignKey("group.id", ondelete="CASCADE"), nullable=False),
        sa.Column("reason", sa.UnicodeText, nullable=False),
        sa.Column("comment", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("user_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="SET NULL")),
        sa.Column("state", sa.UnicodeText, nullable=False, server_default="ouvert"),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("handled", sa.DateTime),
        sa.Column("handled_by", sa.UnicodeText),
        sa.UniqueConstraint("item_kind", "item_id", "user_id"),
    )
    op.create_index("ix_odl_engagement_spam_report_territory_id", "odl_engagement_spam_report",
                    ["territory_id"])
    op.create_index("ix_odl_engagement_spam_report_state", "odl_engagement_spam_report",
                    ["state"])
    op.create_index("ix_odl_engagement_spam_report_item", "odl_engagement_spam_report",
                    ["item_kind", "item_id"])
    op.create_table(
        "odl_engagement_moderation_setting",
        sa.Column("territory_id", sa.UnicodeText,
                  sa.ForeignKey("group.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("premoderation", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("modified", sa.DateTime, nullable=False),
        sa.Column("modified_by", sa.UnicodeText),
    )


def downgrade():
    op.drop_table("odl_engagement_moderation_setting")
    op.drop_table("odl_engagement_spam_report")

"""Questions on datasets and the answers given as the territory

Revision ID: c4d9e2f7a815
Revises: c7e2a9d4f158
Create Date: 2026-12-03 10:25:00

"""
from alembic import op
import sqlalchemy as sa

revision = "c4d9e2f7a815"
down_revision = "c7e2a9d4f158"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "odl_engagement_question",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("territory_id", sa.UnicodeText,
                  sa.ForeignKey("group.id", ondelete="CASCADE"), nullable=False),
        sa.Column("package_id", sa.UnicodeText,
                  sa.ForeignKey("package.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("body", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("user_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="SET NULL")),
        sa.Column("state", sa.UnicodeText, nullable=False, server_default="en_attente"),
        sa.Column("reason", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("moderated", sa.DateTime),
        sa.Column("moderated_by", sa.UnicodeText),
        sa.Column("first_answered", sa.DateTime),
        sa.Column("closed", sa.DateTime),
        sa.Column("closed_by", sa.UnicodeText),
    )
    op.create_index("ix_odl_engagement_question_territory_id", "odl_engagement_question",
                    ["territory_id"])
    op.create_index("ix_odl_engagement_question_package_id", "odl_engagement_question",
                    ["package_id"])
    op.create_index("ix_odl_engagement_question_state", "odl_engagement_question", ["state"])
    op.create_table(
        "odl_engagement_question_answer",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("question_id", sa.UnicodeText,
                  sa.ForeignKey("odl_engagement_question.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("territory_id", sa.UnicodeText,
                  sa.ForeignKey("group.id", ondelete="CASCADE"), nullable=False),
        sa.Column("body", sa.UnicodeText, nullable=False),
        sa.Column("user_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="SET NULL")),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_index("ix_odl_engagement_question_answer_question_id",
                    "odl_engagement_question_answer", ["question_id"])


def downgrade():
    op.drop_table("odl_engagement_question_answer")
    op.drop_table("odl_engagement_question")

"""The suite's tables share one prefix, odl_: the validation table is renamed.

Revision ID: 5e7a1c9b2d40
Revises: 0b1f2c3d4e5f
Create Date: 2026-12-02
"""
from alembic import op

revision = "5e7a1c9b2d40"
down_revision = "0b1f2c3d4e5f"
branch_labels = None
depends_on = None


def upgrade():
    op.rename_table("opendatalocale_resource_validation", "odl_resource_validation")
    op.execute("ALTER INDEX IF EXISTS opendatalocale_resource_validation_pkey "
               "RENAME TO odl_resource_validation_pkey")


def downgrade():
    op.execute("ALTER INDEX IF EXISTS odl_resource_validation_pkey "
               "RENAME TO opendatalocale_resource_validation_pkey")
    op.rename_table("odl_resource_validation", "opendatalocale_resource_validation")

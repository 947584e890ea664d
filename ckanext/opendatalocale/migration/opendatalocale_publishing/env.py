from ckanext.opendatalocale.migration.alembic_env import run

run(__file__, table_prefix=("odl_bulk_", "odl_inventory_"))

"""Alembic environment shared by the suite's plugins.

Each plugin keeps its revisions in `<its folder>/migration/<plugin name>/versions` with
its own version table, `<plugin name>_alembic_version`, as CKAN's `db upgrade -p`
expects; every table of the suite starts with `odl_`, and a plugin's own tables with
the prefix (or one of the prefixes) it passes here, so that autogenerate only ever
touches that plugin's tables.
"""
from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

from ckan.model.meta import metadata


def run(env_file: str, table_prefix: str | tuple[str, ...]) -> None:
    config = context.config
    if config.config_file_name:
        fileConfig(config.config_file_name)
    plugin = os.path.basename(os.path.dirname(env_file))
    options = {
        "target_metadata": metadata,
        "version_table": f"{plugin}_alembic_version",
        "include_object": lambda obj, name, type_, *_: type_ != "table"
        or name.startswith(table_prefix),
    }
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"),
                          literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(config.get_section(config.config_ini_section),
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, **options)
        with context.begin_transaction():
            context.run_migrations()

"""A savepoint for reads that may fail (a table not migrated yet, an indicator's query)
without aborting the transaction of the action or page around them.

Taken on the session's connection, not with Session.begin_nested(): committing a
session-level savepoint fires the session's before_commit, where CKAN re-indexes every
dataset still in the session — from inside before_dataset_index that re-entered the
indexing some sixty times per saved dataset.
"""
from __future__ import annotations

import contextlib

import ckan.model as model


@contextlib.contextmanager
def guarded_reads():
    # Pending changes are written first: rolled back with the savepoint, they would be
    # lost while the session believes them flushed.
    model.Session.flush()
    savepoint = model.Session.connection().begin_nested()
    try:
        yield
    except BaseException:
        savepoint.rollback()
        raise
    savepoint.commit()

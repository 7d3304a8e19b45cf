"""After a transactional test Django flushes every table; a test that follows it on the same worker finds the
rows the data migrations seed as the migrated database had them (tests/module_data.py SEEDS): the deadline
policy, subject areas, paper templates and their Căn cứ rows, retention periods, the audit chain's head."""

from __future__ import annotations

import pytest

from tests.module_data import MIGRATED_ROWS, database_rows

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("run", ["first", "after the first one's flush"])
def test_a_transactional_test_finds_the_rows_the_migrations_seeded(run):
    assert {"papers.PaperGrounds", "privacy.RetentionPolicy", "workflows.DeadlineRule"} <= set(MIGRATED_ROWS)
    assert database_rows() == MIGRATED_ROWS

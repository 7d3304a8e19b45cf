"""After a load run: every action the server answered with a redirect (done) must be in the audit trail
exactly once per answer, so no transition was lost. Run with `manage.py shell < loadtest/check_actions.py`."""

import os
from collections import Counter

from casework.audit.models import AuditEvent

path = os.environ.get("LOADTEST_ACCEPTED_FILE", "loadtest/results/accepted_actions.txt")
with open(path, encoding="utf-8") as fh:
    accepted = Counter(tuple(line.split()) for line in fh if line.strip())
recorded = Counter(
    (target_id, action.removeprefix("case."))
    for target_id, action in AuditEvent.objects.filter(
        target_type="cases.case", action__in=[f"case.{a}" for _pk, a in accepted]
    ).values_list("target_id", "action")
)
lost = {key: n for key, n in accepted.items() if recorded[key] < n}
print(f"loadtest: accepted actions {sum(accepted.values())}, lost {sum(lost.values())}" + (f": {lost}" if lost else ""))
if lost:
    raise SystemExit(1)

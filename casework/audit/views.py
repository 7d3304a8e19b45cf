from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from casework.audit import selectors
from casework.org.models import Role
from casework.org.selectors import user_has_role


@login_required
def audit_search(request):
    if not user_has_role(user=request.user, roles=[Role.AUDITOR, Role.ADMIN]):
        raise PermissionDenied
    events = selectors.audit_event_list(user=request.user)[:200]
    return render(request, "audit/search.html", {"events": events})

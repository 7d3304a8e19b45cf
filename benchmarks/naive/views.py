"""The bare view: parse a small JSON body, insert one row, answer 201 with its id. No
authentication, validation, audit or routing: the floor a Django view can reach."""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from benchmarks.naive.models import BareRow


@csrf_exempt
@require_POST
def bare_insert(request: HttpRequest) -> JsonResponse:
    data = json.loads(request.body or b"{}")
    row = BareRow.objects.create(title=data.get("title", ""), content=data.get("content", ""))
    return JsonResponse({"id": row.pk}, status=201)

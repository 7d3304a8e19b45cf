"""Keeping the search index in step with the records: called explicitly by the services that write them.

What is indexed: a case's reference, title, subject person and units, and its content and attached
files unless it is a denunciation (a denouncer's letter and scans may reveal them: Luật Tố cáo 2018
Đ.47-48); a flag's reference, person and evidence; an inspection's reference, title and subject unit,
and its documents; a supervision's reference, title, topics and units. Never a submitter's or
denouncer's identity.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import transaction

from casework.search.extract import document_text
from casework.search.models import SearchDocument
from casework.search.text import fold
from notifications.language import site_language

RECORD = "record"
BATCH = 1000


def _document(
    *, kind: str, record: Any, title: str, parts: list[str], part: str = RECORD, unit_id: int | None = None
) -> SearchDocument:
    reference, title = fold(record.reference), fold(title)
    text = " ".join(p for p in (reference, title, *(fold(x) for x in parts)) if p)
    return SearchDocument(
        kind=kind,
        object_id=record.pk,
        part=part,
        unit_id=unit_id or record.unit_id,
        reference=reference[:64],
        title=title[:255],
        text=text,
    )


def _save(document: SearchDocument) -> None:
    SearchDocument.objects.update_or_create(
        kind=document.kind,
        object_id=document.object_id,
        part=document.part,
        defaults={f: getattr(document, f) for f in ("unit_id", "reference", "title", "text")},
    )


def _indexes_content(case: Any) -> bool:
    from casework.cases.models import Kind

    return case.kind != Kind.DENUNCIATION


def _personal_data_destroyed(case: Any) -> bool:
    from casework.privacy.models import CaseKey

    return CaseKey.objects.filter(case_id=case.pk, destroyed_at__isnull=False).exists()


def _case_document(case: Any) -> SearchDocument:
    parts = [case.subject_person, str(case.subject_unit or ""), str(case.unit)]
    if _indexes_content(case):
        parts.append(case.content)
    return _document(kind=SearchDocument.Kind.CASE, record=case, title=case.title, parts=parts)


def _flag_document(flag: Any) -> SearchDocument:
    return _document(
        kind=SearchDocument.Kind.FLAG,
        record=flag,
        title=str(flag.get_category_display()),
        parts=[flag.person, flag.evidence, str(flag.unit)],
    )


def _inspection_document(inspection: Any) -> SearchDocument:
    return _document(
        kind=SearchDocument.Kind.INSPECTION,
        record=inspection,
        title=inspection.title,
        parts=[f"KT-{inspection.pk:05d}", str(inspection.subject_unit or ""), str(inspection.unit)],
    )


def _supervision_document(supervision: Any) -> SearchDocument:
    from casework.inspections.models import Category

    # The topics' names as the site writes them, whoever created it (the index is read by everyone).
    with site_language():
        topics = [str(Category(t).label) if t in Category.values else t for t in supervision.topics]
    return _document(
        kind=SearchDocument.Kind.SUPERVISION,
        record=supervision,
        title=supervision.title,
        parts=[*topics, str(supervision.subject_unit), str(supervision.unit)],
    )


def _plan_document(plan: Any) -> SearchDocument:
    return _document(kind=SearchDocument.Kind.PLAN, record=plan, title=plan.title, parts=[str(plan.unit)])


def _recommendation_document(rec: Any) -> SearchDocument:
    # An inspection's title and decision number are fixed before it has recommendations.
    inspection = rec.inspection
    parts = [rec.text, str(rec.owner_unit)]
    if inspection is not None:
        parts += [inspection.title, inspection.decision_number]
    return _document(
        kind=SearchDocument.Kind.RECOMMENDATION, record=rec, title="", parts=parts, unit_id=rec.owner_unit_id
    )


def search_index_case(*, case: Any) -> None:
    _save(_case_document(case))


def search_index_flag(*, flag: Any) -> None:
    _save(_flag_document(flag))


def search_index_inspection(*, inspection: Any) -> None:
    _save(_inspection_document(inspection))


def search_index_plan(*, plan: Any) -> None:
    _save(_plan_document(plan))


def search_index_recommendation(*, recommendation: Any) -> None:
    _save(_recommendation_document(recommendation))


def search_index_supervision(*, supervision: Any) -> None:
    _save(_supervision_document(supervision))


def _attachment_document(attachment: Any, data: bytes) -> SearchDocument | None:
    """The attachment's text under the record it belongs to, when that text may be indexed."""
    from casework.cases.models import Case
    from casework.inspections.models import Inspection

    if getattr(attachment, "identifying", False):
        return None  # identity-bearing: sealed, and its text would name the denouncer
    if attachment.target_type == "cases.case":
        kind, record = SearchDocument.Kind.CASE, Case.objects.filter(pk=attachment.target_id).first()
        # Past its retention period a case's files are not read into the index again (a reindex).
        if record is not None and (not _indexes_content(record) or _personal_data_destroyed(record)):
            return None
    elif attachment.target_type == "inspections.inspection":
        kind, record = SearchDocument.Kind.INSPECTION, Inspection.objects.filter(pk=attachment.target_id).first()
    else:
        return None
    text = document_text(data=data, content_type=attachment.content_type)
    if record is None or not text.strip():
        return None
    return _document(
        kind=kind,
        record=record,
        title=record.title,
        parts=[attachment.original_name, text],
        part=f"file:{attachment.pk}",
    )


def search_forget_case(*, case: Any) -> None:
    """A case whose personal data was destroyed: its record indexed again from what is left, the
    text of its files dropped from the index."""
    search_index_case(case=case)
    SearchDocument.objects.filter(kind=SearchDocument.Kind.CASE, object_id=case.pk).exclude(part=RECORD).delete()


def search_index_attachment(*, attachment: Any, data: bytes) -> None:
    """Index the text layer of one stored attachment (PDF, DOCX, XLSX, text)."""
    document = _attachment_document(attachment, data)
    if document is not None:
        _save(document)


def _all_documents() -> Iterator[SearchDocument]:
    from casework.cases.models import Case
    from casework.files.models import Attachment
    from casework.inspections.models import Flag, Inspection, InspectionPlan, Recommendation
    from casework.supervision.models import Supervision

    for case in Case.objects.select_related("unit", "subject_unit").iterator(chunk_size=BATCH):
        yield _case_document(case)
    for flag in Flag.objects.select_related("unit").iterator(chunk_size=BATCH):
        yield _flag_document(flag)
    for inspection in Inspection.objects.select_related("unit", "subject_unit").iterator(chunk_size=BATCH):
        yield _inspection_document(inspection)
    for supervision in Supervision.objects.select_related("unit", "subject_unit").iterator(chunk_size=BATCH):
        yield _supervision_document(supervision)
    for plan in InspectionPlan.objects.select_related("unit").iterator(chunk_size=BATCH):
        yield _plan_document(plan)
    for rec in Recommendation.objects.select_related("owner_unit", "inspection").iterator(chunk_size=BATCH):
        yield _recommendation_document(rec)
    files = Attachment.objects.filter(target_type__in=["cases.case", "inspections.inspection"]).exclude(file="")
    for attachment in files.iterator():  # a file erased at the end of its retention period has nothing to read
        with attachment.file.open("rb") as handle:
            document = _attachment_document(attachment, handle.read())
        if document is not None:
            yield document


@transaction.atomic
def search_reindex() -> dict[str, int]:
    """Rebuild the whole index from the records (idempotent); returns the rows written per kind."""
    SearchDocument.objects.all().delete()
    counts: dict[str, int] = {}
    batch: list[SearchDocument] = []
    for document in _all_documents():
        key = "file" if document.part != RECORD else document.kind
        counts[key] = counts.get(key, 0) + 1
        batch.append(document)
        if len(batch) >= BATCH:
            SearchDocument.objects.bulk_create(batch)
            batch = []
    SearchDocument.objects.bulk_create(batch)
    return counts

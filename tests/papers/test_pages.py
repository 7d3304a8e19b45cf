"""The register page and its Excel export, issuing and cancelling from the page, the templates' pages."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from casework.papers.models import Paper, PaperTemplateVersion
from tests.builders import accepted
from tests.papers.conftest import pdf_text


def test_a_paper_is_issued_from_the_case_page_and_listed_in_the_register(client, cast, frozen_clock):
    case = accepted(cast)
    client.force_login(cast.officer)
    page = reverse("papers:target", args=["case", case.pk])
    assert "case.accept" in client.get(page).content.decode()
    response = client.post(page, {"key": "case.accept"})
    paper = Paper.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("papers:detail", args=[paper.pk])
    # Issuing again, or a paper the case cannot have: a message, nothing changes, never a 500.
    assert client.post(page, {"key": "case.accept"}).status_code == 302
    assert client.post(page, {"key": "<script>"}).status_code == 302
    assert Paper.objects.count() == 1
    register = client.get(reverse("papers:register"), {"year": "2026"}).content.decode()
    assert "01/TB-UBKT" in register and case.reference in register
    incoming = client.get(reverse("papers:register"), {"book": "in", "year": "abc"}).content.decode()
    assert case.reference in incoming
    data = client.get(reverse("papers:register_xlsx"), {"year": "2026"}).content
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == "SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM 2026"
    row = [c.value for c in ws[4]]
    assert row[:2] == [1, "01/TB-UBKT"] and row[7] == case.reference
    text = pdf_text(client.get(reverse("papers:file", args=[paper.pk, "unsigned"])).content)
    assert "Số: 01/TB-UBKT" in text


def test_cancelling_from_the_page_keeps_the_number_and_the_excel_says_why(client, cast, frozen_clock):
    from casework.papers.services import paper_issue

    paper = paper_issue(target=accepted(cast), key="case.accept", actor=cast.officer)
    client.force_login(cast.officer)
    url = reverse("papers:detail", args=[paper.pk])
    assert client.post(url, {"action": "cancel", "reason": "Nhầm"}).status_code == 403
    client.force_login(cast.chair)
    assert client.post(url, {"action": "cancel", "reason": ""}).status_code == 302
    assert Paper.objects.get().status == Paper.Status.ISSUED
    client.post(url, {"action": "cancel", "reason": "Sai người nhận"})
    assert Paper.objects.get().status == Paper.Status.CANCELLED
    ws = load_workbook(io.BytesIO(client.get(reverse("papers:register_xlsx"), {"year": 2026}).content)).active
    assert ws.cell(row=4, column=10).value == "Đã hủy (giữ số): Sai người nhận"


def test_nobody_sees_a_register_or_a_paper_outside_their_scope(client, cast, frozen_clock):
    from casework.papers.services import paper_issue

    paper = paper_issue(target=accepted(cast), key="case.accept", actor=cast.officer)
    client.force_login(cast.other_officer)
    assert "01/TB-UBKT" not in client.get(reverse("papers:register")).content.decode()
    assert client.get(reverse("papers:detail", args=[paper.pk])).status_code == 404
    assert client.get(reverse("papers:file", args=[paper.pk, "unsigned"])).status_code == 404
    assert client.get(reverse("papers:register"), {"unit": "S"}).status_code == 404
    assert client.get(reverse("papers:target", args=["case", paper.target_id])).status_code == 404


def test_only_an_administrator_edits_templates_with_preview_and_history(client, cast, frozen_clock):
    url = reverse("papers:template_detail", args=["case.decision"])
    client.force_login(cast.chair)
    assert client.get(url).status_code == 403
    client.force_login(cast.admin)
    page = client.get(url)
    assert page.status_code == 200 and "TM." in page.content.decode()
    form = {f: page.context["data"][f] for f in page.context["data"]}
    preview = client.post(url, {**form, "body": form["body"] + "\nĐoạn xem thử.", "action": "preview"})
    assert preview["Content-Type"] == "application/pdf" and "Đoạn xem thử." in pdf_text(preview.content)
    assert PaperTemplateVersion.objects.filter(template__key="case.decision").count() == 1  # preview saves nothing
    bad = client.post(url, {**form, "signer_role": "nobody", "action": "save"})
    assert bad.status_code == 400 and "signer_role" in bad.context["form"].errors
    client.post(url, {**form, "signer_title": "PHÓ CHỦ TỊCH", "authority": "KT.", "authority_body": "CHỦ TỊCH",
                      "action": "save", "note": "Phó Chủ tịch ký thay"})  # fmt: skip
    versions = list(PaperTemplateVersion.objects.filter(template__key="case.decision").order_by("number"))
    assert [(v.number, v.authority) for v in versions] == [(1, "TM."), (2, "KT.")]
    old = client.get(reverse("papers:template_preview", args=["case.decision", 1]))
    new = client.get(reverse("papers:template_preview", args=["case.decision", 2]))
    assert "TM. BAN THƯỜNG VỤ" in pdf_text(old.content) and "KT. CHỦ TỊCH" in pdf_text(new.content)
    assert "Phó Chủ tịch ký thay" in client.get(url).content.decode()


def test_the_verify_page_reads_any_upload_without_failing(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.officer)
    url = reverse("papers:verify")
    response = client.post(url, {"pdf": SimpleUploadedFile("x.pdf", b"%PDF-1.4\n broken")})
    assert response.status_code == 200 and "Chữ ký hợp lệ" not in response.content.decode()
    assert client.post(url, {}).status_code == 200


def test_issuing_with_no_policy_for_the_inspections_day_is_a_message_not_a_500(client, cast, frozen_clock):
    """The paper's legal grounds come from the policy in force when the inspection was opened:
    with none, issuing answers with the reason and issues nothing."""
    import datetime as dt

    from django.contrib.messages import get_messages

    from core import clock
    from tests.builders import conclude, open_ad_hoc, raise_flag
    from workflows.models import PolicyVersion
    from workflows.policy_cache import policy_forget

    # Concluded, its conclusion not yet sent: the conclusion's notice is still to be issued.
    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    issued = Paper.objects.count()
    PolicyVersion.objects.update(effective_from=clock.today() + dt.timedelta(days=1))
    policy_forget()
    client.force_login(cast.chair)
    response = client.post(
        reverse("papers:target", args=["inspection", inspection.pk]), {"key": "inspection.conclusion"}
    )
    assert response.status_code == 302
    assert Paper.objects.count() == issued
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Chưa có phiên bản chính sách thời hạn nào có hiệu lực."
    ]
    # The draft to print reads the same grounds: the refusal's page, not a 500.
    draft = client.get(reverse("reports:inspection_document_pdf", args=[inspection.pk, "conclusion"]))
    assert draft.status_code == 400
    assert "Chưa có phiên bản chính sách thời hạn nào có hiệu lực." in draft.content.decode()


def test_issuing_and_cancelling_ask_first_and_the_pages_lead_back_to_the_case(client, cast, frozen_clock):
    from casework.papers.services import paper_issue

    case = accepted(cast)
    client.force_login(cast.officer)
    target = client.get(reverse("papers:target", args=["case", case.pk])).content.decode()
    issue_form = target[target.index('<form method="post" class="inline"') :]
    issue_form = issue_form[: issue_form.index(">")]
    assert "data-confirm=" in issue_form and "số đã cấp không thu hồi được" in issue_form
    assert f'href="{reverse("cases:detail", args=[case.pk])}"' in target
    paper = paper_issue(target=case, key="case.accept", actor=cast.officer)
    client.force_login(cast.chair)
    detail = client.get(reverse("papers:detail", args=[paper.pk])).content.decode()
    cancel = detail[: detail.index('value="cancel"')]
    assert "data-confirm=" in cancel[cancel.rindex("<form") :]
    assert f'href="{reverse("papers:target", args=["case", case.pk])}"' in detail

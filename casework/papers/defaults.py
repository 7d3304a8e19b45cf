"""The templates and grounds a fresh installation starts from. They are seed data: administrators
edit them as versions (see services.template_save) and the papers keep the version they used.

Layout and signature follow QĐ 933/QĐ-TLĐ (14/5/2024) on union documents, which builds on
Nghị định 30/2020/NĐ-CP: a paper of the inspection committee is signed "TM. ỦY BAN KIỂM TRA" by
its chair; a decision on a complaint or a conclusion on a denunciation is signed by the competent
person of the union (DESIGN: the executive or standing committee resolves), never by the case officer.
"""

from __future__ import annotations

# The captions under a signature block. The union's own papers follow Nghị định 30/2020/NĐ-CP Phụ lục I (the
# signature, then the seal); a form of a decree prints its own words, quoted here from its appendix.
SEAL_AREA = "(Chữ ký, dấu)"
SIGNED_SEALED = "(Ký, ghi rõ họ tên, đóng dấu)"  # Mẫu số 01/TCD (Nghị định 154/2026/NĐ-CP); Mẫu số 03, 14a, 14b
SIGNED = "(Ký, ghi rõ họ tên)"
SIGNED_OR_FINGERPRINTED = "(Ký, ghi rõ họ tên hoặc điểm chỉ)"

# The titles are the heads' (chủ nhiệm, chủ tịch), printed for a signer whose position is not known; a vice-chair
# signs "KT." the head, a member under their own title (services.paper_signer_title).
COMMITTEE = {
    "issuer": "committee",
    "symbol_suffix": "UBKT",
    "authority": "TM.",
    "authority_body": "ỦY BAN KIỂM TRA",
    "signer_title": "CHỦ NHIỆM",
    "signer_role": "committee_chair",
    "signer_caption": SEAL_AREA,
}
EXECUTIVE = {
    "issuer": "executive",
    "symbol_suffix": "BTV",
    "authority": "TM.",
    "authority_body": "BAN THƯỜNG VỤ",
    "signer_title": "CHỦ TỊCH",
    "signer_role": "btv_member",
    "signer_caption": SEAL_AREA,
}
PLACE = "Thái Bình"
FILED = "- Lưu: VT, hồ sơ {{ reference }}."
# Mẫu số 14 (Nghị định 155/2026/NĐ-CP): the block of whoever chaired the dialogue, in the form's words.
DIALOGUE_SIGNER_TITLE = "NGƯỜI GIẢI QUYẾT KHIẾU NẠI (HOẶC NGƯỜI ĐƯỢC PHÂN CÔNG CHỦ TRÌ ĐỐI THOẠI)"

# A complaint's notices of acceptance and of refusal follow Mẫu số 03 and Mẫu số 04 (Nghị định 124/2020/NĐ-CP,
# thay thế bởi Nghị định 155/2026/NĐ-CP Đ.20 khoản 1): who complained (name, address and, on Mẫu số 03, the
# identity document), what about, and that the letter meets the conditions of acceptance (Đ.16 khoản 1, sửa
# đổi bởi Nghị định 155/2026/NĐ-CP Đ.10) or, under Điều 11 Luật Khiếu nại, why it does not. Other letters keep
# the union's wording. The identity document's line (Mẫu số 03, Mẫu số 14 mục I.3) prints the number the case
# keeps sealed on the paper issued, "(đã niêm phong)" for a reader who may not see it (papers.context
# ID_DOCUMENT_KEYS); its date and place of issue, which the case does not keep, are written in by hand.
ID_DOCUMENT = (
    "Số căn cước/định danh cá nhân/giấy chứng nhận căn cước/hộ chiếu: {{ submitter_id_number }}, ngày cấp: ……, "
    "nơi cấp: ……"
)
# Luật Khiếu nại 2011 Đ.27, Đ.36 khoản 1: the acceptance, or the refusal with its reason, is notified in writing to
# the complainant and to the body that transferred the complaint; Luật Tố cáo 2018 Đ.26 khoản 2: the body that
# transferred a denunciation is told in writing how it was dealt with. Printed only for a letter so transferred.
TRANSFERRED_FROM = "{% if transferred_from %}- {{ transferred_from }} (cơ quan, đơn vị chuyển đơn đến);\n{% endif %}"
# Luật Khiếu nại 2011 Đ.41 khoản 1: the second-round decision goes to the first-round resolver too.
FIRST_RESOLVER = "{% if first_resolver %}- {{ first_resolver }} (người giải quyết khiếu nại lần đầu);\n{% endif %}"
TEMPLATES: dict[str, dict] = {
    "case.accept": {
        "name": "Thông báo thụ lý giải quyết đơn",
        "doc_kind": "TB",
        **COMMITTEE,
        "signer_caption": SIGNED_SEALED,  # Mẫu số 03
        "title": "THÔNG BÁO\nVề việc thụ lý giải quyết {% if is_complaint %}khiếu nại{% else %}đơn {{ kind_lower }}{% endif %}",
        "addressee": "{{ submitter }}",
        "body": (
            "{% if is_complaint %}"
            "{{ unit }} đã nhận được đơn khiếu nại (số hồ sơ {{ reference }}, ngày {{ received_on }}) của: "
            "{{ submitter }}\n"
            "Địa chỉ: {{ submitter_address }}\n"
            f"{ID_DOCUMENT}\n"
            "Khiếu nại về việc: {{ title }}.\n"
            "Sau khi xem xét nội dung đơn khiếu nại, căn cứ quy định của pháp luật về khiếu nại ({{ legal_ground }}), "
            "{{ unit }} nhận thấy đơn khiếu nại đủ điều kiện thụ lý và thụ lý giải quyết kể từ ngày {{ accepted_on }}.\n"
            "Vậy thông báo để {{ submitter }} được biết./."
            "{% else %}"
            "Ngày {{ received_on }}, {{ unit }} nhận được đơn {{ kind_lower }} (số hồ sơ {{ reference }}) "
            "về việc: {{ title }}.\n"
            "Căn cứ {{ legal_ground }}, {{ unit }} thông báo đã thụ lý giải quyết đơn kể từ ngày {{ accepted_on }}."
            "{% endif %}"
        ),
        "recipients": "- Như trên;\n" + TRANSFERRED_FROM + "- {{ subject_recipient }};\n" + FILED,
    },
    "case.refuse": {
        "name": "Thông báo không thụ lý giải quyết đơn",
        "doc_kind": "TB",
        **COMMITTEE,
        "signer_caption": "(Ký, đóng dấu)",  # Mẫu số 04
        "title": "THÔNG BÁO\nVề việc không thụ lý giải quyết {% if is_complaint %}khiếu nại{% else %}đơn{% endif %}",
        "addressee": "{{ submitter }}",
        "body": (
            "{% if is_complaint %}"
            "Ngày {{ received_on }}, {{ unit }} nhận được đơn khiếu nại (số hồ sơ {{ reference }}) về việc: "
            "{{ title }}.\n"
            "Sau khi xem xét nội dung đơn khiếu nại, căn cứ Điều 11 của Luật Khiếu nại, {{ unit }} nhận thấy, đơn "
            "khiếu nại của {{ submitter }} không đủ điều kiện để thụ lý giải quyết vì: {{ refusal_ground }}. "
            "{{ triage_note }}\n"
            "Vậy thông báo để {{ submitter }} được biết./."
            "{% else %}"
            "Ngày {{ received_on }}, {{ unit }} nhận được đơn {{ kind_lower }} (số hồ sơ {{ reference }}) "
            "về việc: {{ title }}.\n"
            "{{ unit }} thông báo không thụ lý giải quyết đơn với lý do: {{ refusal_ground }}. {{ triage_note }}"
            "{% endif %}"
        ),
        "recipients": "- Như trên;\n" + TRANSFERRED_FROM + FILED,
    },
    "case.transfer": {
        "name": "Phiếu chuyển đơn",
        "doc_kind": "PC",
        **COMMITTEE,
        "title": "PHIẾU CHUYỂN ĐƠN\nVề việc chuyển đơn {{ kind_lower }} đến cơ quan có thẩm quyền",
        "addressee": "{{ transfer_body }}",
        "body": (
            "Ngày {{ received_on }}, {{ unit }} nhận được đơn {{ kind_lower }} (số hồ sơ {{ reference }}) "
            "về việc: {{ title }}.\n"
            "Xét nội dung đơn không thuộc thẩm quyền giải quyết, {{ unit }} chuyển đơn đến {{ transfer_body }} "
            "để xem xét, giải quyết theo thẩm quyền. Lý do: {{ triage_note }}"
        ),
        "recipients": "- Như trên;\n- Người gửi đơn (để biết);\n" + FILED,
    },
    # Luật Tố cáo 2018 Đ.24: a denunciation outside the union's competence is transferred within 5
    # working days and the denouncer told. The register copy never names the denouncer; the copy
    # addressed to them is made on demand by whoever may see the identity.
    "case.transfer_notice": {
        "name": "Thông báo về việc chuyển đơn tố cáo",
        "doc_kind": "TB",
        **COMMITTEE,
        "title": "THÔNG BÁO\nVề việc chuyển đơn tố cáo đến cơ quan có thẩm quyền",
        "addressee": "{{ submitter }}",
        "body": (
            "Ngày {{ received_on }}, {{ unit }} nhận được đơn tố cáo (số hồ sơ {{ reference }}) về việc: {{ title }}.\n"
            "Căn cứ Điều 24 Luật Tố cáo 2018, xét nội dung tố cáo không thuộc thẩm quyền giải quyết, ngày "
            "{{ transferred_on }} {{ unit }} đã chuyển đơn tố cáo đến {{ transfer_body }} để xem xét, giải quyết "
            "theo thẩm quyền. Lý do: {{ triage_note }}\n"
            "Người tố cáo liên hệ {{ transfer_body }} để biết kết quả giải quyết."
        ),
        "recipients": "- Như trên;\n- {{ transfer_body }} (kèm đơn tố cáo);\n" + FILED,
    },
    # Luật Tố cáo 2018 Đ.30: each extension is a written decision sent to the denouncer, the person
    # denounced and the bodies concerned (the denouncer is listed, never named, on the register copy).
    "case.extension": {
        "name": "Quyết định gia hạn giải quyết tố cáo",
        "doc_kind": "QĐ",
        **EXECUTIVE,
        "title": "QUYẾT ĐỊNH\nVề việc gia hạn giải quyết tố cáo (lần {{ extension_number }})",
        "addressee": "{{ submitter }}",
        "body": (
            "Căn cứ Điều 30 Luật Tố cáo 2018;\n"
            "Xét đơn tố cáo số hồ sơ {{ reference }} nhận ngày {{ received_on }}, thụ lý ngày {{ accepted_on }}, "
            "về việc: {{ title }}; vụ việc {{ complexity_label }}{{ complexity_criteria }}.\n"
            "Điều 1. Gia hạn giải quyết tố cáo lần {{ extension_number }}; thời hạn giải quyết đến hết ngày "
            "{{ extension_due_on }}. Lý do: {{ extension_reason }}\n"
            "Điều 2. Quyết định này được gửi đến người tố cáo, người bị tố cáo và cơ quan, tổ chức, cá nhân "
            "có liên quan."
        ),
        "recipients": (
            "- Người tố cáo;\n- Người bị tố cáo: {{ subject_person_or_unit }};\n"
            "- {{ subject_manager }} (cơ quan, tổ chức có liên quan);\n" + FILED
        ),
    },
    "case.decision": {
        "name": "Quyết định giải quyết khiếu nại",
        "doc_kind": "QĐ",
        **EXECUTIVE,
        "title": "QUYẾT ĐỊNH\nVề việc giải quyết khiếu nại {{ round_label }} của {{ submitter }}",
        "addressee": "",
        "body": (
            "Xét đơn khiếu nại số hồ sơ {{ reference }} nhận ngày {{ received_on }} về việc: {{ title }}.\n"
            "Kết quả giải quyết: {{ outcome }}.\n"
            "{{ decision_text }}\n"
            "{{ next_step }}"
        ),
        # Luật Khiếu nại 2011 Đ.32 (lần đầu), Đ.41 khoản 1 (lần hai, also the first-round resolver): who receives
        # the decision, the body that transferred the complaint among them.
        "recipients": (
            "- Người khiếu nại: {{ submitter }};\n- {{ subject_recipient }};\n" + FIRST_RESOLVER + "- {{ superior }} "
            "(cấp trên trực tiếp);\n- Người có quyền, nghĩa vụ liên quan;\n" + TRANSFERRED_FROM + FILED
        ),
    },
    "case.conclusion": {
        "name": "Kết luận nội dung tố cáo",
        "doc_kind": "KL",
        **EXECUTIVE,
        "title": "KẾT LUẬN\nNội dung tố cáo đối với {{ subject_person_or_unit }}",
        "addressee": "",
        "body": (
            "Xét đơn tố cáo số hồ sơ {{ reference }} nhận ngày {{ received_on }} về việc: {{ title }}.\n"
            "Kết luận: nội dung tố cáo {{ outcome_lower }}.\n"
            "{{ decision_text }}\n"
            "{{ next_step }}"
        ),
        # Luật Tố cáo 2018 Đ.35 khoản 3: the conclusion goes to the person denounced, the body that
        # manages them and the bodies, organisations and persons concerned; the denouncer is told the
        # conclusion (never named here).
        "recipients": (
            "- Người bị tố cáo: {{ subject_person_or_unit }};\n"
            "- {{ subject_manager }} (cơ quan, tổ chức quản lý người bị tố cáo);\n"
            "- Cơ quan, tổ chức, cá nhân có liên quan;\n"
            "- Người tố cáo (thông báo kết luận, Điều 35 Luật Tố cáo 2018);\n"
            "- {{ superior }} (để báo cáo);\n" + FILED
        ),
    },
    # Luật Tố cáo 2018 Đ.40; Nghị định 31/2019/NĐ-CP Đ.6: the conclusion made public within 07 working days, by the
    # forms the resolver chose, without anything about the denouncer (Đ.40 khoản 3): the text names the unit, the
    # conclusion, the person denounced and what was concluded, never who denounced nor how the letter came.
    "case.publication": {
        "name": "Thông báo công khai kết luận nội dung tố cáo",
        "doc_kind": "TB",
        **EXECUTIVE,
        "title": "THÔNG BÁO\nCông khai kết luận nội dung tố cáo đối với {{ subject_person_or_unit }}",
        "addressee": "",
        "body": (
            "Thực hiện Điều 40 Luật Tố cáo năm 2018 và Điều 6 Nghị định số 31/2019/NĐ-CP, {{ unit }} thông báo "
            "công khai kết luận nội dung tố cáo{{ decision_ref }} như sau:\n"
            "Nội dung tố cáo: {{ title }}.\n"
            "Kết luận: nội dung tố cáo {{ outcome_lower }}.\n"
            "{{ decision_text }}\n"
            "Hình thức công khai: {{ publication_forms }}."
        ),
        "recipients": (
            "- Người bị tố cáo: {{ subject_person_or_unit }};\n"
            "- {{ subject_manager }} (cơ quan, tổ chức quản lý người bị tố cáo);\n"
            "- Niêm yết, đăng tải theo hình thức công khai;\n" + FILED
        ),
    },
    # Luật Khiếu nại 2011 Đ.41 khoản 2, 3 (the figures as the Bộ pháp điển codifies them, Điều 18.1.NĐ.1.12; the
    # article of Nghị định 124/2020/NĐ-CP detailing khoản 3 is not among the texts we hold): the second-round
    # decision made public within 15 days by the forms the resolver chose. The notice points to the decision: the
    # unit, its number and day, what was complained about and the result, never the complainant's particulars (the
    # decision sent to the parties carries them, Đ.41 khoản 1).
    "case.decision_publication": {
        "name": "Thông báo công khai quyết định giải quyết khiếu nại lần hai",
        "doc_kind": "TB",
        **EXECUTIVE,
        "title": "THÔNG BÁO\nCông khai quyết định giải quyết khiếu nại lần hai",
        "addressee": "",
        "body": (
            "Thực hiện Điều 41 Luật Khiếu nại năm 2011, {{ unit }} thông báo "
            "công khai quyết định giải quyết khiếu nại lần hai{{ decision_ref }} như sau:\n"
            "Nội dung khiếu nại: {{ title }}.\n"
            "Kết quả giải quyết: khiếu nại {{ outcome_lower }}.\n"
            "{{ decision_text }}\n"
            "Hình thức công khai: {{ publication_forms }}."
        ),
        "recipients": "- Niêm yết, đăng tải theo hình thức công khai;\n" + FILED,
    },
    # Đình chỉ, on a ground TerminationGround lists (Luật Khiếu nại 2011 and Luật 136/2025/QH15;
    # Luật Tố cáo 2018 Đ.34): a written decision of the person who resolves, stating its reason and
    # the responsibilities of those concerned, sent to the parties (a denunciation's within 05
    # working days, to the denouncer, listed and never named, and the person denounced). A complaint's
    # follows Mẫu số 14a (Nghị định 155/2026/NĐ-CP Đ.20 khoản 2): the decision and its reason, its effect
    # from signing, who carries it out.
    "case.termination": {
        "name": "Quyết định đình chỉ việc giải quyết đơn",
        "doc_kind": "QĐ",
        **EXECUTIVE,
        "signer_caption": SIGNED_SEALED,  # Mẫu số 14a
        "title": (
            "QUYẾT ĐỊNH\nVề việc đình chỉ {% if is_complaint %}giải quyết{% else %}việc giải quyết{% endif %} "
            "{{ kind_lower }}"
        ),
        "addressee": "{{ submitter }}",
        "body": (
            "{{ pause_basis }}\n"
            "Xét đơn {{ kind_lower }} số hồ sơ {{ reference }} nhận ngày {{ received_on }} về việc: {{ title }}.\n"
            "Điều 1. Đình chỉ việc giải quyết {{ kind_lower }} kể từ ngày {{ decided_on }}. "
            "Căn cứ đình chỉ: {{ termination_ground }}.{% if termination_reason %} Lý do: {{ termination_reason }}{% endif %}\n"
            "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.\n"
            "Điều 3. Cán bộ được giao giải quyết có trách nhiệm kết thúc, lưu trữ hồ sơ theo quy định; "
            "cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này. Quyết định này được "
            "gửi đến {{ submitter_party }}, {{ subject_recipient_lower }}{{ send_within }}."
        ),
        "recipients": (
            "- {{ submitter_recipient }};\n- {{ subject_recipient }};\n- {{ superior }} (để báo cáo);\n" + FILED
        ),
    },
    # Tạm đình chỉ, on a ground SuspensionGround lists (Luật 136/2025/QH15; Luật Tố cáo 2018 Đ.34): a
    # written decision stating its reason and the responsibilities of those concerned; the clocks stop
    # until the ground ends and the resolution resumes (by a decision of its own). A complaint's follows
    # Mẫu số 14a (Nghị định 155/2026/NĐ-CP Đ.20 khoản 2), as the termination does.
    "case.suspension": {
        "name": "Quyết định tạm đình chỉ việc giải quyết đơn",
        "doc_kind": "QĐ",
        **EXECUTIVE,
        "signer_caption": SIGNED_SEALED,  # Mẫu số 14a
        "title": (
            "QUYẾT ĐỊNH\nVề việc tạm đình chỉ {% if is_complaint %}giải quyết{% else %}việc giải quyết{% endif %} "
            "{{ kind_lower }}"
        ),
        "addressee": "{{ submitter }}",
        "body": (
            "{{ pause_basis }}\n"
            "Xét đơn {{ kind_lower }} số hồ sơ {{ reference }} nhận ngày {{ received_on }} về việc: {{ title }}.\n"
            "Điều 1. Tạm đình chỉ việc giải quyết {{ kind_lower }}. Căn cứ tạm đình chỉ: {{ suspension_ground }}."
            "{% if suspension_reason %} Lý do: {{ suspension_reason }}{% endif %}\n"
            "Thời gian tạm đình chỉ không tính vào thời hạn giải quyết; khi căn cứ tạm đình chỉ không còn, "
            "việc giải quyết được tiếp tục ngay.\n"
            "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.\n"
            "Điều 3. Cán bộ được giao xác minh có trách nhiệm theo dõi kết quả mà việc giải quyết phải chờ và báo "
            "cáo ngay khi căn cứ tạm đình chỉ không còn; cơ quan, tổ chức, cá nhân có liên quan có trách nhiệm "
            "cung cấp kết quả đó. Quyết định này được gửi đến {{ submitter_party }}, "
            "{{ subject_recipient_lower }}{{ send_within }}."
        ),
        "recipients": (
            "- {{ submitter_recipient }};\n- {{ subject_recipient }};\n- {{ superior }} (để báo cáo);\n" + FILED
        ),
    },
    # Luật Tố cáo 2018 Đ.34: when the ground of a suspension ends the resolver at once decides to resume
    # (the paused time is not counted); one decision per resumption, sent to the parties.
    "case.resumption": {
        "name": "Quyết định tiếp tục giải quyết tố cáo",
        "doc_kind": "QĐ",
        **EXECUTIVE,
        "title": "QUYẾT ĐỊNH\nVề việc tiếp tục giải quyết tố cáo",
        "addressee": "{{ submitter }}",
        "body": (
            "Căn cứ Điều 34 Luật Tố cáo 2018;\n"
            "Căn cứ Quyết định tạm đình chỉ việc giải quyết tố cáo {{ suspension_ref }};\n"
            "Xét đơn tố cáo số hồ sơ {{ reference }} nhận ngày {{ received_on }}, thụ lý ngày {{ accepted_on }}, "
            "về việc: {{ title }}; căn cứ tạm đình chỉ việc giải quyết tố cáo không còn: {{ resumption_reason }}\n"
            "Điều 1. Tiếp tục giải quyết tố cáo kể từ ngày ký Quyết định này. Thời gian tạm đình chỉ không tính "
            "vào thời hạn giải quyết tố cáo.\n"
            "Điều 2. Cán bộ được giao xác minh tiếp tục xác minh nội dung tố cáo; cơ quan, tổ chức, cá nhân có "
            "liên quan có trách nhiệm phối hợp, cung cấp thông tin, tài liệu theo yêu cầu.\n"
            "Điều 3. Quyết định này được gửi đến người tố cáo, người bị tố cáo và cơ quan, tổ chức, cá nhân "
            "có liên quan."
        ),
        "recipients": (
            "- Người tố cáo;\n- Người bị tố cáo: {{ subject_person_or_unit }};\n"
            "- {{ subject_manager }} (cơ quan, tổ chức có liên quan);\n" + FILED
        ),
    },
    # Nghị định 124/2020/NĐ-CP Đ.28b khoản 2 (bổ sung bởi Nghị định 155/2026/NĐ-CP), Mẫu số 14b: when the
    # ground of a suspension ends, the resolver at once issues the decision to resume a complaint, sent
    # to the parties within 03 working days; the resolution limit goes on from the day it is issued.
    "case.complaint_resumption": {
        "name": "Quyết định tiếp tục giải quyết khiếu nại",
        "doc_kind": "QĐ",
        **EXECUTIVE,
        "signer_caption": SIGNED_SEALED,  # Mẫu số 14b
        "title": "QUYẾT ĐỊNH\nVề việc tiếp tục giải quyết khiếu nại",
        "addressee": "{{ submitter }}",
        "body": (
            "{{ pause_basis }}\n"
            "Căn cứ Quyết định tạm đình chỉ việc giải quyết khiếu nại {{ suspension_ref }};\n"
            "Xét đơn khiếu nại số hồ sơ {{ reference }} nhận ngày {{ received_on }}, thụ lý ngày {{ accepted_on }}, "
            "về việc: {{ title }}; căn cứ tạm đình chỉ việc giải quyết khiếu nại không còn: {{ resumption_reason }}\n"
            "Điều 1. Tiếp tục giải quyết khiếu nại kể từ ngày ký Quyết định này. Thời hạn giải quyết khiếu nại "
            "tiếp tục được tính từ ngày ban hành Quyết định này; thời gian tạm đình chỉ không tính vào thời hạn "
            "giải quyết khiếu nại.\n"
            "Điều 2. Cán bộ được giao xác minh tiếp tục xác minh nội dung khiếu nại; cơ quan, tổ chức, cá nhân có "
            "liên quan có trách nhiệm phối hợp, cung cấp thông tin, tài liệu theo yêu cầu.\n"
            "Điều 3. Quyết định này được gửi đến {{ submitter_party }}, {{ subject_recipient_lower }}{{ send_within }}."
        ),
        "recipients": (
            "- {{ submitter_recipient }};\n- {{ subject_recipient }};\n- {{ superior }} (để báo cáo);\n" + FILED
        ),
    },
    # Nghị định 31/2019/NĐ-CP Đ.4 khoản 2 (sửa đổi bởi Nghị định 156/2026/NĐ-CP), Mẫu số 03: the record of
    # a denunciation's withdrawal, made by whoever worked with the denouncer and signed or fingerprinted
    # by the denouncer. A record (BB) is signed by both sides: its left foot is the denouncer's block,
    # titled by the recipients line. The register copy leaves the denouncer's particulars blank, to be
    # written by hand; the copy filled from the identity is made on demand by whoever may see it.
    "case.withdrawal_record": {
        "name": "Biên bản ghi nhận việc rút tố cáo (Mẫu số 03)",
        "doc_kind": "BB",
        **COMMITTEE,
        "authority": "",
        "authority_body": "",
        "signer_title": "NGƯỜI LẬP BIÊN BẢN",
        "signer_role": "case_officer",
        "signer_caption": SIGNED,
        "countersign_caption": SIGNED_OR_FINGERPRINTED,  # Đ.4 khoản 2: "chữ ký hoặc điểm chỉ"
        "title": "BIÊN BẢN\nGhi nhận việc rút tố cáo",
        "addressee": "",
        "body": (
            "Ngày {{ withdrawal_day }}, tại {{ unit }}.\n"
            "Người lập biên bản: {{ withdrawal_recorder }}, {{ withdrawal_recorder_role }}.\n"
            "Người rút tố cáo (họ và tên, địa chỉ, cách thức liên hệ): {{ submitter }}\n"
            "Hồ sơ tố cáo số {{ reference }}, nhận ngày {{ received_on }}, về việc: {{ title }}.\n"
            "Người tố cáo trình bày việc rút tố cáo như sau: rút {{ withdrawal_scope }}. Nội dung tố cáo được rút: "
            "{{ withdrawal_content }}\n"
            "Biên bản được lập theo Điều 33 Luật Tố cáo 2018 và Điều 4 Nghị định số 31/2019/NĐ-CP (sửa đổi bởi "
            "Nghị định số 156/2026/NĐ-CP), thành 02 bản có giá trị như nhau, đã đọc lại cho người rút tố cáo "
            "nghe; người rút tố cáo đồng ý với nội dung biên bản và ký tên hoặc điểm chỉ xác nhận dưới đây, "
            "mỗi bên giữ 01 bản."
        ),
        "recipients": "NGƯỜI RÚT TỐ CÁO",
    },
    # Nghị định 124/2020/NĐ-CP Đ.28 khoản 4 (sửa đổi bởi Nghị định 155/2026/NĐ-CP), Mẫu số 14 (thay thế bởi
    # Nghị định 155/2026/NĐ-CP Đ.20 khoản 1; the hours, the date and place of issue of the complainant's
    # identity document and the related parties are written in by hand, the case keeps none of them): the record
    # of the dialogue, filled from what the dialogue step recorded (time, place, who took part, whether
    # the complainant came, the content, the participants' opinions, what was agreed and what is still
    # disputed), read back to the participants and signed by hand by all of them (no system signer),
    # in at least three copies, one for each side.
    "case.dialogue_record": {
        "name": "Biên bản đối thoại với người khiếu nại",
        "doc_kind": "BB",
        **COMMITTEE,
        "authority": "",
        "authority_body": "",
        "signer_title": DIALOGUE_SIGNER_TITLE,
        "signer_role": "case_officer",
        "signer_caption": "(Ký, ghi rõ họ tên, đóng dấu (nếu có))",  # Mẫu số 14
        "title": "BIÊN BẢN\nĐối thoại với người khiếu nại",
        "addressee": "",
        "body": (
            "Vào hồi …… giờ ……, ngày {{ dialogue_on }}, tại {{ dialogue_place }}, tổ chức đối thoại trong giải quyết khiếu nại số "
            "hồ sơ {{ reference }} (nhận ngày {{ received_on }}, thụ lý ngày {{ accepted_on }}) về việc: "
            "{{ title }}. Thông báo về việc tổ chức đối thoại đã gửi ngày {{ dialogue_notice_on }} đến: "
            "{{ dialogue_notice_to }}.\n"
            "I. THÀNH PHẦN THAM GIA ĐỐI THOẠI\n"
            "1. Người giải quyết khiếu nại, người được phân công chủ trì đối thoại: {{ dialogue_chair }}.\n"
            "2. Người ghi biên bản: {{ dialogue_note_taker }} chức vụ: {{ dialogue_note_taker_position }} "
            "cơ quan (tổ chức, đơn vị): ……\n"
            "3. Người khiếu nại (hoặc người đại diện, người được ủy quyền khiếu nại): {{ submitter }}. "
            f"{ID_DOCUMENT}. "
            "{{ complainant_attendance }}.\n"
            "4. Người bị khiếu nại (hoặc người đại diện, người được ủy quyền của người bị khiếu nại (nếu có)): "
            "{{ subject_person_or_unit }}.\n"
            "5. Người có quyền, nghĩa vụ liên quan (nếu có): …… Địa chỉ: ……\n"
            "6. Đại diện cơ quan, tổ chức, cá nhân có liên quan (nếu có): …… Địa chỉ: ……\n"
            "Người dự, người vắng mặt: {{ dialogue_participants }}\n"
            "II. NỘI DUNG ĐỐI THOẠI\n"
            "1. Mục đích, yêu cầu của việc đối thoại, tóm tắt kết quả xác minh nội dung khiếu nại và những nội "
            "dung đối thoại: {{ dialogue_content }}\n"
            "2. Ý kiến của những người tham gia đối thoại: {{ dialogue_opinions }}\n"
            "III. KẾT QUẢ ĐỐI THOẠI\n"
            "Những nội dung đối thoại đã thống nhất: {{ dialogue_agreed }}\n"
            "Những vấn đề còn ý kiến khác nhau: {{ dialogue_disputed }}\n"
            "Buổi đối thoại kết thúc hồi …… giờ …… ngày {{ dialogue_on }}.\n"
            "Biên bản đối thoại đã được đọc lại cho những người tham gia đối thoại nghe và ký xác nhận (trường "
            "hợp người tham gia đối thoại không ký xác nhận thì phải ghi rõ lý do). Biên bản được lập thành ít "
            "nhất 03 bản, mỗi bên giữ 01 bản.\n"
            "NGƯỜI KHIẾU NẠI (hoặc người đại diện, người được ủy quyền) (ký, ghi rõ họ tên hoặc điểm chỉ): ……\n"
            "NGƯỜI BỊ KHIẾU NẠI (ký, ghi rõ họ tên): ……\n"
            "NGƯỜI CÓ QUYỀN VÀ NGHĨA VỤ LIÊN QUAN (ký, ghi rõ họ tên hoặc điểm chỉ): ……\n"
            "ĐẠI DIỆN CƠ QUAN, TỔ CHỨC, CÁ NHÂN CÓ LIÊN QUAN (ký, ghi rõ họ tên, đóng dấu (nếu có)): ……\n"
            "NGƯỜI GHI BIÊN BẢN (ký, ghi rõ họ tên): ……"
        ),
        "recipients": (
            "- Người khiếu nại: {{ submitter }};\n- Người bị khiếu nại: {{ subject_person_or_unit }};\n"
            "- Người có quyền, nghĩa vụ liên quan (nếu có);\n" + FILED
        ),
    },
    # Yêu cầu người bị tố cáo giải trình (Luật Tố cáo 2018 Đ.10 khoản 2 điểm a, b, Đ.31 khoản 4; Nghị định
    # 31/2019/NĐ-CP Đ.12 khoản 1): a written request, or an invitation to a working session, addressed to the
    # person denounced (a body or organisation: its head), the matters to explain and the deadline. One paper per
    # request; the denouncer is neither named nor listed among its recipients (Luật Tố cáo 2018 Đ.47).
    "case.explanation_request": {
        "name": "Văn bản yêu cầu giải trình",
        "doc_kind": "CV",
        **COMMITTEE,
        "title": "{{ explanation_title }}",
        "addressee": "{{ explanation_addressee }}",
        "body": (
            "Thực hiện khoản 4 Điều 31 Luật Tố cáo và Điều 12 Nghị định số 31/2019/NĐ-CP ngày 10/4/2019 của Chính "
            "phủ, trong quá trình xác minh nội dung tố cáo số hồ sơ {{ reference }}, thụ lý ngày {{ accepted_on }}, "
            "về việc: {{ title }}, {{ unit }} đề nghị {{ explanation_addressee }} {{ explanation_means }} về những "
            "nội dung sau:\n"
            "{{ explanation_content }}\n"
            "Thời hạn: {{ explanation_due }} {{ explanation_due_on }}. Người bị tố cáo có quyền giải trình, đưa ra "
            "chứng cứ để chứng minh nội dung tố cáo là không đúng sự thật và có nghĩa vụ có mặt để làm việc, giải "
            "trình về hành vi bị tố cáo, cung cấp thông tin, tài liệu liên quan theo yêu cầu (Điều 10 Luật Tố cáo)."
        ),
        "recipients": "- Như trên;\n" + FILED,
    },
    # Giao xác minh nội dung tố cáo (Luật Tố cáo 2018 Đ.31 khoản 1, 2; Nghị định 31/2019/NĐ-CP Đ.10, Mẫu số 07):
    # the day, who is assigned (a team of two or more with its leader), the person denounced, the content to
    # verify, the time, the rights and duties of those assigned (Đ.31 khoản 5, Đ.11). One paper per assignment;
    # the denouncer is neither named nor listed among its recipients (Luật Tố cáo 2018 Đ.47).
    "case.verification_assignment": {
        "name": "Văn bản giao xác minh nội dung tố cáo",
        "doc_kind": "QĐ",
        **COMMITTEE,
        "title": "{{ verification_title }}",
        "addressee": "",
        "body": (
            "Căn cứ Điều 31 Luật Tố cáo ngày 12 tháng 6 năm 2018;\n"
            "Căn cứ Điều 10 Nghị định số 31/2019/NĐ-CP ngày 10/4/2019 của Chính phủ;\n"
            "Xét tố cáo số hồ sơ {{ reference }}, thụ lý ngày {{ accepted_on }}, về việc: {{ title }},\n"
            "Điều 1. {{ verification_act }}, ngày {{ verification_on }}.\n"
            "{{ verification_who }}: {{ verification_assigned }}.\n"
            "Người bị tố cáo (cơ quan, tổ chức bị tố cáo): {{ verification_subject }}.\n"
            "Điều 2. Nội dung cần xác minh:\n{{ verification_content }}\n"
            "Thời gian tiến hành xác minh: từ ngày {{ verification_from }} đến ngày {{ verification_to }}.\n"
            "Điều 3. {{ verification_who }} thực hiện các quyền và nghĩa vụ quy định tại các điểm a, b, c, d khoản 1 và "
            "các điểm a, b, c khoản 2 Điều 11 Luật Tố cáo{{ verification_mandate }} (Điều 31 khoản 5): "
            "yêu cầu người tố cáo, người bị tố cáo và cơ quan, tổ chức, cá nhân có liên quan cung cấp thông tin, tài "
            "liệu, giải trình; tạo điều kiện để người bị tố cáo giải trình, đưa ra chứng cứ (Điều 31 khoản 4); ghi chép "
            "thông tin, tài liệu thu thập thành văn bản, lập biên bản khi cần thiết (Điều 31 khoản 3); giữ bí mật họ "
            "tên, địa chỉ, bút tích và thông tin cá nhân của người tố cáo (Điều 47); kết thúc việc xác minh có văn "
            "bản báo cáo kết quả xác minh và kiến nghị biện pháp xử lý (Điều 31 khoản 6)."
        ),
        "recipients": "- {{ verification_who }};\n" + FILED,
    },
    # Giao nhiệm vụ xác minh nội dung khiếu nại (Luật Khiếu nại 2011 Đ.29 khoản 1 điểm b, khoản 3, 4; the second
    # round, Đ.38): the resolver verifies personally or assigns the person responsible (a verification team with
    # its leader), what to verify and the time, within the resolution limit. Titled as Thông tư 07/2013/TT-TTCP
    # Đ.7 names its forms (Mẫu số 03-KN; a team, Mẫu số 04-KN); the local mirror has neither form's text nor
    # whether they are still in force, so the body prints the statute's contents only. One paper per decision,
    # for those assigned and the file.
    "case.complaint_verification_assignment": {
        "name": "Quyết định giao nhiệm vụ xác minh nội dung khiếu nại",
        "doc_kind": "QĐ",
        **COMMITTEE,
        "title": "{{ verification_title }}",
        "addressee": "",
        "body": (
            "Căn cứ Luật Khiếu nại ngày 11 tháng 11 năm 2011;\n"
            "Căn cứ {{ verification_law }} Luật Khiếu nại;\n"
            "Xét khiếu nại số hồ sơ {{ reference }}, thụ lý ngày {{ accepted_on }}, về việc: {{ title }},\n"
            "Điều 1. {{ verification_act }}, ngày {{ verification_on }}.\n"
            "{{ verification_who }}: {{ verification_assigned }}.\n"
            "Người bị khiếu nại: {{ verification_subject }}.\n"
            "Điều 2. Nội dung cần xác minh:\n{{ verification_content }}\n"
            "Thời gian tiến hành xác minh: từ ngày {{ verification_from }} đến ngày {{ verification_to }}, trong "
            "thời hạn giải quyết khiếu nại.\n"
            "Điều 3. {{ verification_who }} có các quyền, nghĩa vụ quy định tại khoản 3 Điều 29 Luật Khiếu nại: yêu "
            "cầu người khiếu nại, người bị khiếu nại, cơ quan, tổ chức, cá nhân có liên quan cung cấp thông tin, tài "
            "liệu và chứng cứ về nội dung khiếu nại, giải trình bằng văn bản về nội dung liên quan khiếu nại; triệu "
            "tập người khiếu nại, người bị khiếu nại, cơ quan, tổ chức, cá nhân có liên quan; trưng cầu giám định; "
            "tiến hành các biện pháp kiểm tra, xác minh khác theo quy định của pháp luật; việc xác minh phải bảo đảm "
            "khách quan, chính xác, kịp thời (khoản 2 Điều 29); báo cáo kết quả xác minh bằng văn bản gồm đối tượng "
            "xác minh, thời gian tiến hành xác minh, người tiến hành xác minh, nội dung xác minh, kết quả xác minh, "
            "kết luận và kiến nghị nội dung giải quyết khiếu nại (khoản 4 Điều 29) và chịu trách nhiệm trước pháp "
            "luật về kết quả xác minh."
        ),
        "recipients": "- {{ verification_who }};\n" + FILED,
    },
    # Biên bản làm việc với người bị tố cáo (Nghị định 31/2019/NĐ-CP Đ.12 khoản 2, Mẫu số 08): where and when,
    # who chaired it, who explained, what was said; signed by the person denounced and whoever chaired it, made
    # in at least two copies (one for the person denounced if they ask, one kept in the file). It names no
    # denouncer (Luật Tố cáo 2018 Đ.47).
    "case.explanation_session": {
        "name": "Biên bản làm việc với người bị tố cáo",
        "doc_kind": "BB",
        **COMMITTEE,
        "authority": "",
        "authority_body": "",
        "signer_title": "NGƯỜI CHỦ TRÌ LÀM VIỆC",
        "signer_role": "case_officer",
        "signer_caption": SIGNED,
        "title": "BIÊN BẢN\nLàm việc với người bị tố cáo",
        "addressee": "",
        "body": (
            "Vào hồi …… giờ ……, ngày {{ session_on }}, tại {{ session_place }}, trong quá trình xác minh nội dung "
            "tố cáo số hồ sơ {{ reference }} (thụ lý ngày {{ accepted_on }}) về việc: {{ title }}.\n"
            "I. THÀNH PHẦN\n"
            "1. Người chủ trì làm việc: {{ session_chair }}.\n"
            "2. Người bị tố cáo (người đứng đầu, người đại diện cơ quan, tổ chức bị tố cáo): {{ session_explainer }}.\n"
            "II. NỘI DUNG LÀM VIỆC\n"
            "{{ session_content }}\n"
            "Biên bản được đọc lại cho những người tham gia làm việc nghe và ký xác nhận (trường hợp người bị tố cáo "
            "không ký thì ghi rõ lý do). Biên bản được lập thành ít nhất 02 bản, giao 01 bản cho người bị tố cáo "
            "(nếu có yêu cầu) và lưu 01 bản trong hồ sơ giải quyết tố cáo.\n"
            "NGƯỜI BỊ TỐ CÁO (ký, ghi rõ họ tên): ……\n"
            "NGƯỜI GHI BIÊN BẢN (ký, ghi rõ họ tên): ……"
        ),
        "recipients": "- Người bị tố cáo: {{ session_explainer }} (nếu có yêu cầu);\n" + FILED,
    },
    # Trưng cầu giám định, Mẫu số 09 (Nghị định 31/2019/NĐ-CP Đ.15 khoản 2, sửa đổi bởi Nghị định
    # 156/2026/NĐ-CP): the body asked to assess, what to assess, the day by which its conclusion is asked
    # for; sent to the resolver, the denouncer (listed, never named) and those concerned. A complaint's
    # (Thông tư 07/2013/TT-TTCP Đ.15) has the same content. One paper per request.
    "case.expertise": {
        "name": "Văn bản trưng cầu giám định",
        "doc_kind": "CV",
        **EXECUTIVE,
        "title": (
            "VĂN BẢN TRƯNG CẦU GIÁM ĐỊNH\n"
            "Về việc trưng cầu giám định trong giải quyết {{ kind_lower }} (lần {{ expertise_number }})"
        ),
        "addressee": "{{ expertise_body }}",
        "body": (
            "{{ expertise_basis }}\n"
            "Trong quá trình giải quyết {{ kind_lower }} số hồ sơ {{ reference }} nhận ngày {{ received_on }}, "
            "thụ lý ngày {{ accepted_on }}, về việc: {{ title }}, xét thấy cần có sự đánh giá về nội dung liên "
            "quan đến chuyên môn, kỹ thuật làm căn cứ cho việc kết luận, {{ unit }} trưng cầu {{ expertise_body }} "
            "giám định như sau:\n"
            "1. Nội dung yêu cầu giám định: {{ expertise_content }}\n"
            "2. Thông tin, tài liệu, chứng cứ cần giám định: {{ expertise_materials }}\n"
            "3. Thời hạn đề nghị gửi kết luận giám định: trước ngày {{ expertise_due_on }}.\n"
            "{{ expertise_authority }}"
        ),
        "recipients": "- Như trên;\n{{ expertise_recipients }}\n" + FILED,
    },
    "case.result": {
        "name": "Thông báo kết quả giải quyết đơn",
        "doc_kind": "TB",
        **COMMITTEE,
        "title": "THÔNG BÁO\nKết quả giải quyết đơn {{ kind_lower }}",
        "addressee": "{{ submitter }}",
        "body": (
            "Ngày {{ received_on }}, {{ unit }} nhận được đơn {{ kind_lower }} (số hồ sơ {{ reference }}) "
            "về việc: {{ title }}.\n"
            "{{ unit }} thông báo kết quả giải quyết{{ decision_ref }}: {{ outcome_lower }}.\n"
            "{{ decision_text }}\n"
            "{{ next_step }}"
        ),
        "recipients": "- Như trên;\n" + FILED,
    },
    # Mẫu số 01/TCD (Nghị định 154/2026/NĐ-CP Đ.4 khoản 3): the head of the receiving unit notifies a refusal
    # on Đ.9 khoản 3 Luật Tiếp công dân or Đ.4 khoản 1 điểm h within 03 working days. The citizen's name,
    # identity document and address are written in by hand: the book keeps them only encrypted, and the
    # register keeps the values of what it numbers in clear.
    "reception.refusal": {
        "name": "Thông báo về việc từ chối tiếp công dân",
        "doc_kind": "TB",
        **EXECUTIVE,
        "signer_caption": SIGNED_SEALED,
        "title": "THÔNG BÁO\nVề việc từ chối tiếp công dân",
        "addressee": "{{ visitor }}",
        "body": (
            "Ngày {{ received_on }}, ông (bà) {{ visitor }}\n"
            "Số căn cước/giấy chứng nhận căn cước/số định danh cá nhân/số hộ chiếu (hoặc giấy tờ tùy thân): ……, "
            "ngày cấp: ……, nơi cấp: ……\n"
            "Địa chỉ: {{ visitor }}\nđến {{ unit }} để {{ purpose }} về việc: {{ content }}\n"
            "Lý do từ chối: {{ refusal_ground }}.\n"
            "Căn cứ {{ legal_basis }}, {{ unit }} từ chối tiếp nhận nội dung {{ purpose }} của ông (bà) "
            "{{ visitor }} và thông báo để ông (bà) được biết./."
        ),
        "recipients": "- Như trên;\n- ……… (để biết);\n" + FILED,
    },
    # Mẫu số 02/TCD (Nghị định 154/2026/NĐ-CP Đ.15 khoản 4): the receipt of the information, documents and
    # evidence a visitor hands over, signed by the visitor (left) and the officer who received them (right),
    # with the officer's position (Chức vụ) from their profile or a line to write in.
    # The visitor's name, identity document and address are written in by hand, as on Mẫu số 01/TCD.
    "reception.receipt": {
        "name": "Giấy biên nhận thông tin, tài liệu",
        "doc_kind": "GBN",
        **EXECUTIVE,
        "authority": "",
        "authority_body": "",
        "signer_title": "NGƯỜI NHẬN",
        "signer_role": "intake_officer",
        # The form has no "Số:" line: the receipt is numbered in the outgoing register only.
        "number_line": False,
        "signer_caption": "(Ký, ghi rõ họ tên, đóng dấu nếu có)",
        "countersign_caption": SIGNED,
        "title": "GIẤY BIÊN NHẬN\nThông tin, tài liệu",
        "addressee": "",
        "body": (
            "Vào {{ handed_time }} ngày {{ handed_on }} tại: {{ unit }}\n"
            "Tôi là {{ receiver }} Chức vụ: {{ receiver_title }}\n"
            "Đã nhận của ông (bà) {{ visitor }}\n"
            "Số CCCD/Hộ chiếu (hoặc giấy tờ tùy thân): ……, ngày cấp: ……, nơi cấp: ……\n"
            "Địa chỉ: {{ visitor }}\n"
            "các thông tin, tài liệu sau:\n"
            "{{ documents }}\n"
            "Giấy biên nhận thông tin, tài liệu, được lập thành 02 bản, giao cho người cung cấp thông tin, "
            "tài liệu 01 bản."
        ),
        "recipients": "NGƯỜI CUNG CẤP THÔNG TIN, TÀI LIỆU",
    },
    # QĐ 5130/QĐ-TLĐ (2022): discipline is decided by the competent body's secret ballot and the
    # decision is signed on the body's behalf by the member who records it.
    "discipline.decision": {
        "name": "Quyết định thi hành kỷ luật",
        "doc_kind": "QĐ",
        **EXECUTIVE,
        "title": "QUYẾT ĐỊNH\nVề việc thi hành kỷ luật đối với {{ subject_name }}",
        "addressee": "",
        "body": (
            "Xét {{ source }};\n"
            "Căn cứ kết quả bỏ phiếu kín ngày {{ meeting_on }} ({{ members_present }}/{{ members_total }} ủy viên "
            "có mặt; số phiếu đồng ý: {{ votes }}),\n"
            "Điều 1. Thi hành kỷ luật bằng hình thức {{ outcome_upper }} đối với {{ subject_name }} "
            "({{ subject_kind }}).\n"
            "Điều 2. Quyết định có hiệu lực kể từ ngày ký. {{ subject_name }} và các tổ chức, cá nhân có liên "
            "quan chịu trách nhiệm thi hành Quyết định này."
        ),
        "recipients": "- Như Điều 2;\n- {{ superior }} (để báo cáo);\n" + FILED,
    },
    # Luật Tố cáo 2018 Đ.40 khoản 1, 3; Nghị định 31/2019/NĐ-CP Đ.6: the discipline decision that handles a
    # denounced violation made public within 07 working days by the body that issued it, by the forms it chose,
    # without anything about the denouncer: the body, the decision's number and day, who is disciplined and by
    # which form, what was denounced, never who denounced nor how the letter came; no copy addressed to a party.
    "discipline.publication": {
        "name": "Thông báo công khai quyết định xử lý kỷ luật người bị tố cáo",
        "doc_kind": "TB",
        **EXECUTIVE,
        "title": "THÔNG BÁO\nCông khai quyết định xử lý kỷ luật đối với {{ subject_name }}",
        "addressee": "",
        "body": (
            "Thực hiện Điều 40 Luật Tố cáo năm 2018 và Điều 6 Nghị định số 31/2019/NĐ-CP, {{ unit }} thông báo "
            "công khai quyết định xử lý kỷ luật số {{ decision_number }} ngày {{ decided_on }} như sau:\n"
            "Người, tập thể bị xử lý kỷ luật: {{ subject_name }} ({{ subject_kind }}).\n"
            "Hình thức kỷ luật: {{ outcome_lower }}.\n"
            "Nội dung tố cáo: {{ title }}.{{ conclusion_ref }}\n"
            "Hình thức công khai: {{ publication_forms }}."
        ),
        "recipients": "- {{ subject_name }};\n- Niêm yết, đăng tải theo hình thức công khai;\n" + FILED,
    },
    "inspection.decision": {
        "name": "Quyết định kiểm tra",
        "doc_kind": "QĐ",
        **COMMITTEE,
        "title": "QUYẾT ĐỊNH\nVề việc kiểm tra {{ subject_unit }}",
        "addressee": "",
        "body": (
            "Căn cứ {{ basis }},\n"
            "Điều 1. Kiểm tra {{ subject_unit }} về nội dung: {{ topics }}.\n"
            "Điều 2. Thành lập đoàn kiểm tra gồm: {{ team }}.\n"
            "Điều 3. {{ subject_unit }} và các thành viên đoàn kiểm tra chịu trách nhiệm thi hành quyết định này."
        ),
        "recipients": "- Như Điều 3;\n- {{ superior }} (để báo cáo);\n" + FILED,
    },
    "inspection.notice": {
        "name": "Thông báo kiểm tra",
        "doc_kind": "TB",
        **COMMITTEE,
        "title": "THÔNG BÁO\nVề việc kiểm tra {{ subject_unit }}",
        "addressee": "{{ subject_unit }}",
        "body": (
            "Thực hiện quyết định kiểm tra {{ decision_ref }}, {{ unit }} thông báo kiểm tra {{ subject_unit }} "
            "về nội dung: {{ topics }}.\n{{ notice_text }}"
        ),
        "recipients": "- Như trên;\n" + FILED,
    },
    "inspection.conclusion": {
        "name": "Thông báo kết luận kiểm tra",
        "doc_kind": "TB",
        **COMMITTEE,
        "title": "THÔNG BÁO\nKết luận kiểm tra đối với {{ subject_unit }}",
        "addressee": "{{ subject_unit }}",
        "body": (
            "Thực hiện quyết định kiểm tra {{ decision_ref }}, đoàn kiểm tra đã kiểm tra {{ subject_unit }} "
            "về nội dung: {{ topics }}.\nKết luận: {{ outcome }}.\n{{ conclusion_text }}\n{{ recommendations }}"
        ),
        "recipients": "- Như trên;\n- {{ superior }} (để báo cáo);\n" + FILED,
    },
}

KN = "Luật Khiếu nại ngày 11 tháng 11 năm 2011"
TC = "Luật Tố cáo ngày 12 tháng 6 năm 2018"
CHARTER = "Điều lệ Công đoàn Việt Nam"
RULES = "Quyết định số 05/QĐ-TLĐ ngày 30/12/2024 của Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam"

# subject → Căn cứ lines and the right to the next step (the policy version the case runs under).
GROUNDS: dict[str, dict] = {
    "complaint_1": {
        "citations": f"{CHARTER};\n{KN};\n{RULES};",
        # Luật Khiếu nại 2011 Đ.33: a second complaint within 30 days (45 in remote areas), or a lawsuit.
        "next_step": (
            "Trong thời hạn {{ days }} ngày kể từ ngày nhận được Quyết định này, nếu không đồng ý với "
            "kết quả giải quyết, người khiếu nại có quyền khiếu nại lần hai đến {{ superior }} hoặc khởi kiện "
            "tại Tòa án theo quy định của pháp luật (Điều 33 Luật Khiếu nại 2011)."
        ),
        "next_step_days": 30,
        "next_step_days_remote": 45,
    },
    "complaint_2": {
        "citations": f"{CHARTER};\n{KN};\n{RULES};",
        # Luật Khiếu nại 2011 Đ.42; Luật Tố tụng hành chính 2015 Đ.116: one year to sue.
        "next_step": (
            "Trong thời hạn {{ days }} ngày kể từ ngày nhận được Quyết định này, nếu không đồng ý với "
            "kết quả giải quyết lần hai, người khiếu nại có quyền khởi kiện tại Tòa án nhân dân có thẩm quyền "
            "theo quy định của Luật Tố tụng hành chính (Điều 42 Luật Khiếu nại 2011)."
        ),
        "next_step_days": 365,
        "next_step_days_remote": 365,
    },
    "denunciation": {
        "citations": f"{CHARTER};\n{TC};\n{RULES};",
        # Luật Tố cáo 2018 Đ.37: a new denunciation to the superior when the resolution was unlawful or late.
        "next_step": (
            "Trường hợp có căn cứ cho rằng việc giải quyết tố cáo không đúng pháp luật hoặc quá thời hạn mà "
            "tố cáo không được giải quyết, người tố cáo có quyền tố cáo tiếp đến {{ superior }} "
            "(Điều 37 Luật Tố cáo 2018)."
        ),
        "next_step_days": None,
        "next_step_days_remote": None,
    },
    "petition": {"citations": f"{CHARTER};\n{RULES};", "next_step": ""},
    "discipline": {
        "citations": (
            f"{CHARTER};\nQuyết định số 5130/QĐ-TLĐ năm 2022 của Tổng Liên đoàn Lao động Việt Nam về thi hành "
            "kỷ luật trong tổ chức công đoàn;"
        ),
        "next_step": "",
    },
    "inspection": {
        "citations": f"{CHARTER};\nQuyết định số 684/QĐ-TLĐ của Tổng Liên đoàn Lao động Việt Nam về công tác kiểm tra;",
        "next_step": "",
    },
}

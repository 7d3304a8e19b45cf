from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "casework.cases"
    label = "cases"
    verbose_name = "Đơn thư, hồ sơ vụ việc"

    def ready(self) -> None:
        from casework.cases import escalations
        from casework.cases.home import cases_home_section
        from casework.web.home import register_home_section

        register_home_section(cases_home_section)
        escalations.register()
        _register_audit_labels()


def _register_audit_labels() -> None:
    try:
        from casework.audit.labels import register_action_labels, register_field_labels
    except ImportError:  # pragma: no cover - the audit app ships the registry
        return
    from casework.cases.services.common import ACTION_LABELS

    labels = {f"case.{name}": verb[:1].upper() + verb[1:] for name, verb in ACTION_LABELS.items()}
    labels.update(
        {
            "case.intake": "Tiếp nhận đơn",
            "case.identity_reveal": "Xem danh tính người tố cáo",
            "case.conflict_declare": "Khai báo xung đột lợi ích",
            "case.merge_receive": "Nhận gộp hồ sơ trùng",
            "case.discipline": "Lãnh đạo quyết định hình thức kỷ luật",
        }
    )
    register_action_labels(labels)
    register_field_labels(
        {
            "legal_ground": "Căn cứ pháp lý",
            "accepted_on": "Ngày thụ lý",
            "refusal_ground": "Căn cứ không thụ lý",
            "transfer_body": "Nơi nhận đơn chuyển",
            "triage_note": "Ghi chú xử lý đơn",
            "outcome": "Kết quả",
            "decision_number": "Số văn bản",
            "decision_text": "Nội dung văn bản",
            "decided_on": "Ngày ban hành",
            "notified_on": "Ngày thông báo",
            "closed_on": "Ngày đóng hồ sơ",
            "extensions": "Số lần gia hạn",
            "discipline_proposal": "Đề xuất kỷ luật",
            "merged_into": "Gộp vào hồ sơ",
            "proposal": "Đề xuất",
            "dialogue_record": "Biên bản đối thoại",
            "is_complex": "Phức tạp",
        }
    )

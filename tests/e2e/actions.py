"""Page moves shared by the journeys: open an action panel, fill its form by field name, submit."""

from __future__ import annotations


def act(page, title: str, fields: dict[str, str] | None = None, *, button: str | None = None) -> str:
    """Open the <details> action titled `title`, fill its fields, press its button, wait for the next page.

    Returns the text of the confirmation page an irreversible step showed (and confirmed), else ""."""
    panel = page.locator("details").filter(has=page.locator("summary", has_text=title)).first
    panel.locator("summary").click()
    form = panel.locator("form").first
    fill_form(form, fields or {})
    with page.expect_navigation():
        form.get_by_role("button", name=button or title).click()
    return confirm_if_asked(page)


def confirm_if_asked(page) -> str:
    """An irreversible step shows a confirmation page for a valid form: the person confirms.
    Returns what the confirmation page said ("" when none was shown)."""
    confirmation = page.locator("form[data-confirmation]")
    if not confirmation.count():
        return ""
    said = page.locator("#confirmation").inner_text()
    with page.expect_navigation():
        confirmation.locator("button[type=submit]").click()
    return said


def section_act(page, name: str, fields: dict | None = None) -> None:
    """Inspection-style pages: each action is a card `#action-<name>` with its own form and button."""
    form = page.locator(f"#action-{name} form")
    fill_form(form, fields or {})
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def fill_form(form, fields: dict) -> None:
    for name, value in fields.items():
        control = form.locator(f"[name='{name}']")
        if isinstance(value, list):  # several checkboxes, or a multiple select
            if control.first.evaluate("el => el.tagName") == "SELECT":
                control.select_option(value)
            else:
                for v in value:
                    form.locator(f"[name='{name}'][value='{v}']").check()
            continue
        if isinstance(value, bool):
            control.check() if value else control.uncheck()
            continue
        tag = control.evaluate("el => el.tagName")
        if tag == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)

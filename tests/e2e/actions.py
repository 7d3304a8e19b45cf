"""Page moves shared by the journeys: open an action panel, fill its form by field name, submit."""

from __future__ import annotations


def act(page, title: str, fields: dict[str, str] | None = None, *, button: str | None = None) -> None:
    """Open the <details> action titled `title`, fill its fields, press its button, wait for the next page."""
    panel = page.locator("details").filter(has=page.locator("summary", has_text=title)).first
    panel.locator("summary").click()
    form = panel.locator("form").first
    fill_form(form, fields or {})
    with page.expect_navigation():
        form.get_by_role("button", name=button or title).click()


def fill_form(form, fields: dict[str, str]) -> None:
    for name, value in fields.items():
        control = form.locator(f"[name='{name}']")
        tag = control.evaluate("el => el.tagName")
        if tag == "SELECT":
            control.select_option(value)
        elif control.get_attribute("type") == "checkbox":
            control.check() if value else control.uncheck()
        else:
            control.fill(value)

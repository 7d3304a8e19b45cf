"""The text layer of an uploaded document, for the search index: PDF, DOCX, XLSX and plain text.

Bounded: a file that cannot be read, or reads as nothing, gives "" (the file stays attached all the same).
"""

from __future__ import annotations

import html
import io
import re
import zipfile

from casework.files.content_types import DOCX, PDF, TEXT, XLSX

MAX_CHARS = 200_000
MAX_XML_BYTES = 20_000_000
_WORD_TEXT = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join((page.extract_text() or "") for page in reader.pages[:200])


def _docx(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("word/document.xml") as part:
        xml = part.read(MAX_XML_BYTES)  # bounded: a small archive may inflate to gigabytes
    return html.unescape(" ".join(part.decode("utf-8", "replace") for part in _WORD_TEXT.findall(xml)))


def _xlsx(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells.extend(str(value) for value in row if value not in (None, ""))
            if len(cells) > 50_000:
                break
    return " ".join(cells)


READERS = {
    PDF.mime: _pdf,
    DOCX.mime: _docx,
    XLSX.mime: _xlsx,
    TEXT.mime: lambda data: data.decode("utf-8", "replace"),
}


def document_text(*, data: bytes, content_type: str) -> str:
    reader = READERS.get(content_type)
    if reader is None:
        return ""
    try:
        return reader(data)[:MAX_CHARS]
    except Exception:  # noqa: BLE001 - a damaged or hostile file is simply not searchable
        return ""

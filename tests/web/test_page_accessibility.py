"""Every page as a screen reader meets it (tests/web/screen_reader.py says what that asks of a page).

Every persona's walk in Vietnamese through the pages of the demo data (tests/web/page_walk.py) hands each
page to `problems_of` as it reads it for internal codes: test_no_internal_codes.py's
`test_no_page_shows_an_internal_code[vi]` asserts both, so each page is asked for once. This module holds
the reader to the faults it is for.
"""

from __future__ import annotations

from tests.web.screen_reader import problems_of


def test_the_reader_finds_what_a_screen_reader_would_miss():
    """The checks fail on the faults they are for, and pass the page that has none."""
    good = (
        '<html lang="vi"><head><title>T</title></head><body><h1>H</h1>'
        '<form><label for="id_a">A</label><input id="id_a" name="a" aria-describedby="id_a_error">'
        '<ul id="id_a_error"><li>!</li></ul><label>B <input name="b"></label>'
        '<input type="hidden" name="c"><button type="submit">OK</button></form>'
        '<table><caption>C</caption><thead><tr><th scope="col">X</th></tr></thead><tbody><tr><td>1</td></tr>'
        '</tbody></table><table role="presentation"><tr><td>layout</td></tr></table>'
        '<img src="a.svg" alt=""></body></html>'
    )
    assert problems_of(good) == []
    bad = (
        "<html><body><h1>H</h1><h1>H2</h1>"
        '<label for="id_a">A</label><input id="id_a" name="a"><input id="id_a" name="a2">'
        '<select name="s"></select><input name="d" aria-describedby="nowhere">'
        "<table><tr><td>1</td></tr></table><table><tr><th>X</th></tr><tr><td>1</td></tr></table>"
        '<table role="presentation"><caption>C</caption><tr><td>1</td></tr></table><img src="b.png"></body></html>'
    )
    assert problems_of(bad) == [
        "<html> without lang",
        "no <title>",
        "2 <h1>",
        "id 'id_a' used 2 times",
        "select s without a label",
        "input d without a label",
        "aria-describedby 'nowhere': no such element",
        "table 1: no header cells",
        "table 1: no caption nor name",
        "table 2: no caption nor name",
        "table 2: 1 header cells without scope",
        "table 3: laid out for the eye, yet with headers or a name",
        "img b.png: no alt",
    ]

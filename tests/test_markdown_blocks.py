"""Content fidelity of the page: raw HTML, tables, code, deep nesting as one well-formed block each.

And what of them is read: tables row by row, code never, raw HTML as its text.
"""

from __future__ import annotations

import doctest

import lxml.html
import pytest

from vorleser.ingest import mdblocks, sanitize
from vorleser.ingest.markdown import parse_markdown
from vorleser.model import Block
from vorleser.script.select import readable_sections

ARTICLE = """\
# Gaspreise in Mitteleuropa

Ungarn bezieht den größten Teil seines Gases weiterhin über die TurkStream-Leitung, sagt das Amt.

| Land | Anteil | Quelle |
|------|-------:|--------|
| Ungarn | 85 % | Russland |
| Polen | 10 % | Norwegen |

```python
anteil = 0.85  # nicht vorlesen
```

> Eine Regierung, die sparen will,
> muss auch erklären, wo.
>
> - erstens bei der Verwaltung
>   - und dort bei den Beratern
>     1. vor allem extern

<div class="kasten" onclick="alert(1)"><p>Ein Kasten mit <b>fettem</b> Text.</p>
<script>window.__pwned = 1</script><p></p>Lose Zeile <a href="javascript:alert(1)">böse</a>
und <a href="https://example.org/a">gut</a>.</div>

1. Punkt eins

   mit einem zweiten Absatz.
2. Punkt zwei
"""


@pytest.fixture(scope="module")
def blocks() -> list[Block]:
    article = parse_markdown(ARTICLE, "gas.md")
    return [b for s in article.sections for b in s.blocks]


def test_doctests() -> None:
    for module in (mdblocks, sanitize):
        assert doctest.testmod(module).failed == 0


def test_every_block_kind(blocks: list[Block]) -> None:
    assert [b.kind for b in blocks] == ["paragraph", "table", "code", "quote", "html", "list"]


def test_table_is_a_table_and_is_read_row_by_row(blocks: list[Block]) -> None:
    table = lxml.html.fragment_fromstring(blocks[1].html)
    assert table.tag == "table"
    assert table.xpath("//th/text()") == ["Land", "Anteil", "Quelle"]
    assert table.xpath("//tbody/tr[2]/td/text()") == ["Polen", "10 %", "Norwegen"]
    assert table.xpath("//td[2]/@style") == ["text-align:right", "text-align:right"]
    assert blocks[1].text.split("\n") == [
        "Land: Ungarn; Anteil: 85 %; Quelle: Russland.",
        "Land: Polen; Anteil: 10 %; Quelle: Norwegen.",
    ]


def test_code_is_shown_not_read(blocks: list[Block]) -> None:
    assert blocks[2].html == "<pre><code>anteil = 0.85  # nicht vorlesen</code></pre>"
    article = parse_markdown(ARTICLE, "gas.md")
    spoken = "\n".join(p for _, paragraphs in readable_sections(article) for p in paragraphs)
    assert "anteil" not in spoken and "Norwegen" in spoken


def test_deep_nesting_stays_nested(blocks: list[Block]) -> None:
    quote = lxml.html.fragment_fromstring(blocks[3].html)
    assert quote.tag == "blockquote"
    assert quote.xpath("string(p)") == "Eine Regierung, die sparen will, muss auch erklären, wo."
    assert quote.xpath("ul/li/ul/li/ol/li/text()") == ["vor allem extern"]
    assert blocks[3].text.split("\n")[-1] == "vor allem extern"


def test_raw_html_is_kept_safe(blocks: list[Block]) -> None:
    html = blocks[4].html
    assert "script" not in html and "onclick" not in html and "javascript" not in html
    assert "__pwned" not in blocks[4].text
    doc = lxml.html.fragment_fromstring(html, create_parent="div")
    assert [p.text_content().split()[0] for p in doc.xpath("p")] == ["Ein", "Lose"]
    assert doc.xpath("//a/@href") == ["https://example.org/a"]
    assert doc.xpath("//b/text()") == ["fettem"]
    assert blocks[4].text.split("\n") == [
        "Ein Kasten mit fettem Text.",
        "Lose Zeile böse und gut.",
    ]


def test_no_paragraph_in_a_paragraph_and_no_empty_paragraph(blocks: list[Block]) -> None:
    doc = lxml.html.fragment_fromstring("".join(b.html for b in blocks), create_parent="div")
    assert not doc.xpath("//p//p")
    assert not doc.xpath("//p[not(normalize-space())]")
    assert lxml.html.tostring(doc, encoding="unicode").count("<p>") == len(doc.xpath("//p"))


@pytest.mark.parametrize(
    ("raw", "html"),
    [
        ("<p><p>a</p></p>", "<p>a</p>"),
        ("<iframe src='x'></iframe><style>p{}</style>", ""),
        ("<h1>Groß</h1>", "<h2>Groß</h2>"),
        ("<table><tr><td colspan='2' class='x'>z</td></tr></table>", 'colspan="2">z</td>'),
        ("<span>nur <em>inline</em></span>", "<p>nur <em>inline</em></p>"),
        ("<a href='data:text/html,x'>d</a>", "<p><a>d</a></p>"),
    ],
)
def test_sanitizer_cases(raw: str, html: str) -> None:
    _, rendered = sanitize.sanitize_html(raw)
    assert html in rendered if html else rendered == ""


def test_html_tables_become_tables() -> None:
    """An HTML article (a saved page, WordPress) keeps its table through the Markdown step."""
    from vorleser.ingest.htmlmd import fragment_to_markdown

    markdown = fragment_to_markdown(
        "<p>Die Zahlen im Überblick.</p>"
        "<table><thead><tr><th>Land</th><th>Anteil</th></tr></thead>"
        "<tr><td>Ungarn</td><td>85 % | Gas</td></tr></table>"
        "<table><tr><td>ohne</td><td>Kopf</td></tr></table>"
    )
    blocks = [b for s in parse_markdown(markdown, "x.html").sections for b in s.blocks]
    assert [b.kind for b in blocks] == ["paragraph", "table", "table"]
    first = lxml.html.fragment_fromstring(blocks[1].html)
    assert first.xpath("//th/text()") == ["Land", "Anteil"]
    assert first.xpath("//td/text()") == ["Ungarn", "85 % | Gas"]
    assert blocks[1].text == "Land: Ungarn; Anteil: 85 % | Gas."
    assert blocks[2].html == "<table><tbody><tr><td>ohne</td><td>Kopf</td></tr></tbody></table>"
    assert blocks[2].text == "ohne; Kopf."

"""Hostile articles as data (articles.jsonl): each one is read, then published, and must end
as its case says: a clean Article whose page and feed are XML-safe with no URL outside the
allow-list, or one ArticleError that names the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hostile_support import HERE, assert_published_safely, assert_xml_safe

from vorleser.errors import ArticleError
from vorleser.ingest import read_article
from vorleser.publish.urls import safe_links, unsafe_links

CASES: list[dict[str, Any]] = [
    json.loads(line) for line in (HERE / "articles.jsonl").read_text("utf-8").splitlines() if line
]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hostile_article(case: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "artikel.md"
    path.write_bytes(case["text"].encode("utf-8"))
    if case["expect"] == "error":
        with pytest.raises(ArticleError) as info:
            read_article(str(path))
        assert info.value.where == str(path)
        assert case["match"].lower() in info.value.problem.lower(), info.value.problem
        assert "\n" not in str(info.value)
        return
    article = read_article(str(path))
    assert_xml_safe(article)
    if "title_has" in case:
        assert case["title_has"] in article.title
    if "author_has" in case:
        assert article.author and case["author_has"] in article.author
    assert len(unsafe_links(article.related)) == case.get("unsafe_related", 0) or (
        "unsafe_related" not in case
    )
    assert len(safe_links(article.related)) == len(article.related) - len(
        unsafe_links(article.related)
    )
    assert_published_safely(article, tmp_path)


def test_corpus_is_big_and_named_uniquely() -> None:
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)) and len(names) >= 100

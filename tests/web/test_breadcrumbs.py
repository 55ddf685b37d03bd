"""A page about one record names it in the breadcrumbs (首页 › 线索奖励 › 奖励申报 › 奖励申报
JL2026…), not only in its title: every page template whose title names a record (its number,
its id, its name) fills the layout's `crumb` block."""

from __future__ import annotations

import re

from fanzha.web.templating import TEMPLATE_DIRS

# A title naming one record: an id, a number, a case number, a record's name or a title given.
RECORD_TITLE = re.compile(r"\{% block title %\}.*?(\.id\b|number|_no\b|#\{\{|\.name\b|\{\{ title)")
# Pages of a unit or a pillar, not of a record.
NOT_A_RECORD = {"stats/dashboard.html"}


def _pages() -> dict[str, str]:
    pages = {}
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            if "{% extends layout %}" in text:
                pages[str(path.relative_to(folder))] = text
    return pages


def test_every_record_page_names_its_record_in_the_breadcrumbs():
    pages = _pages()
    assert len(pages) > 50
    missing = sorted(
        name
        for name, text in pages.items()
        if RECORD_TITLE.search(text)
        and name not in NOT_A_RECORD
        and "{% block crumb %}" not in text
    )
    assert missing == []
    for name in ("rewards/detail.html", "rewards/tip.html", "reports/detail.html"):
        crumb = pages[name].split("{% block crumb %}", 1)[1].split("{% endblock %}", 1)[0]
        assert "crumb-current" in crumb and (
            "number" in crumb or ".id" in crumb or "title" in crumb
        )

"""What the build gives search: documents read from the built pages (sections, table rows
with readable text), the index's size, and the worker the theme starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.search import LOADER, index_path, read_docs, theme_worker
from generator.search.pages import read_page

TABLE = """<article class="md-content__inner md-typeset">
<h1 id="top">Сроки<a class="headerlink" href="#top">&para;</a></h1><p>Вступление.</p>
<h2 id="t">Таблица</h2>
<div class="kb-calc"><form><select><option>Сервер Cloud PRO</option></select></form></div>
<table><thead><tr><th rowspan="2">Услуга</th><th colspan="2">Средств недостаточно: дни</th></tr>
<tr><th>1–7</th><th>с 8-го</th></tr></thead>
<tbody><tr id="cloud-pro"><th scope="row"><span class="kb-sub" aria-hidden="true">∟ </span>Cloud PRO</th><td>выключен</td><td>удалён</td></tr>
<tr id="vps"><th scope="row">VPS</th><td colspan="2">выключен</td></tr><tr><th>без id</th><td>x</td><td>y</td></tr></tbody></table>
<p>После таблицы.</p></article>"""


def test_a_page_reads_as_sections_and_rows():
    docs = read_page(TABLE, "deadlines")
    assert [(d.anchor, d.title, d.keys) for d in docs] == [
        ("", "Сроки", "deadlines"), ("t", "Таблица", "t"), ("cloud-pro", "Cloud PRO", "cloud-pro"), ("vps", "VPS", "vps")]
    assert docs[0].text == "Вступление."
    assert docs[2].text == "Средств недостаточно: дни 1–7: выключен · Средств недостаточно: дни с 8-го: удалён"
    assert docs[3].text == "Средств недостаточно: дни 1–7, с 8-го: выключен"
    # the section keeps its prose and the rows without an anchor, cell by cell; rows with an
    # anchor are documents of their own; the calculator's form and hidden marks are not text
    assert docs[1].text == "без id x y После таблицы."
    assert "∟" not in docs[2].title and docs[2].title == "Cloud PRO"


def test_a_theme_that_no_longer_names_its_worker_stops_the_build(tmp_path):
    (tmp_path / "index.html").write_text("<script id=__config>{}</script>", encoding="utf-8")
    with pytest.raises(RuntimeError, match="search worker"):
        theme_worker(tmp_path)


@pytest.mark.site
@pytest.mark.parametrize("lang", ["ru", "pl"])
def test_the_index_is_small_plain_and_readable(built_site: Path, lang):
    path = index_path(built_site / lang)  # Material's or Zensical's
    assert b"\\u" not in path.read_bytes()  # plain UTF-8, not escaped
    compressed = path.with_name(path.name + ".br").stat().st_size
    assert compressed <= 120_000, compressed  # the budget (Russian, today's content)
    docs = {location: (title, text, keys) for location, title, text, keys in read_docs(built_site / lang)}
    # a row of the retention matrix, with the column it is in
    title, text, keys = docs["articles/funds-exhausted/#cloud-pro"]
    assert keys == "cloud-pro" and ("Cloud PRO" in title) and " · " in text
    # the answer id finds the article (from its short link id/1173/)
    assert "1173" in docs["articles/funds-exhausted/"][2].split()
    # the help-centre frame (breadcrumbs, update date, related, contact) is on every page: not
    # indexed, or "помощь" would find every article's contact block
    assert not [loc for loc in docs if loc.endswith(("#contact-support", "#related"))]
    words = " ".join(text for _, text, _ in docs.values())
    assert not [w for w in ("Обновлено:", "Ostatnia aktualizacja:", "Нужна помощь", "Potrzebna pomoc") if w in words]
    # the theme's worker is a loader of ours
    worker = theme_worker(built_site / lang)
    assert "kbSearch" in worker.read_text(encoding="utf-8") and worker.stat().st_size < 1000


def test_the_loader_in_the_themes_immutable_file_never_changes():
    """The loader keeps the theme's worker file name, which hosts cache for a year as
    immutable: a change would not reach returning readers. Change worker.js instead."""
    import hashlib

    assert hashlib.sha256(LOADER.encode()).hexdigest()[:16] == "058b84f975f829bb"


def test_what_authors_write_by_hand_never_stops_the_build():
    """Raw HTML in an article: spans that are not numbers or absurd, a table in a cell."""
    html = """<article class="md-content__inner"><h1 id="t">T</h1>
    <table><thead><tr><th colspan="x">A</th><th rowspan="99999999">B</th></tr></thead>
    <tbody><tr id="r"><th scope="row">R</th><td colspan="-3"><table><tr id="inner"><td>in</td></tr></table>cell</td></tr>
    <tr id="s"><th scope="row">S</th><td>after</td></tr></tbody></table></article>"""
    docs = read_page(html, "t")
    assert [d.anchor for d in docs] == ["", "r", "s"]
    assert docs[1].text == "B: in cell" and docs[2].text == "B: after"

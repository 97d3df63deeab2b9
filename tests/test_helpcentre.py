"""The help-centre frame on the built site, from kbdata: breadcrumbs, last update, sample notice,
short link, related articles, contact support; and the same frame from changed data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import SITE_URL, run_build
from generator.data.kb import load_site
from generator.rendering import helpcentre, prices

pytestmark = pytest.mark.site
LANGS = ("ru", "pl")
ARTICLES = ("funds-exhausted", "lms-renewal", "paid-services")


def html(built_site: Path, lang: str, path: str) -> str:
    return (built_site / lang / path / "index.html").read_text(encoding="utf-8")


def between(text: str, start: str, end: str) -> str:
    i = text.index(start)
    return text[i:text.index(end, i)]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", ARTICLES)
def test_an_article_has_breadcrumbs_before_its_title_and_its_update_date_after(built_site, kbdata, lang, slug):
    page = html(built_site, lang, f"articles/{slug}")
    main = page[page.index('<article'):]
    crumbs = between(main, '<nav class="kb-frame kb-crumbs"', "</nav>")
    strings = kbdata["strings"][lang]
    assert main.index('<nav class="kb-frame kb-crumbs"') < main.index("<h1")
    assert f'aria-label="{strings["frame.crumbs"]}"' in crumbs
    steps = re.findall(r"<li[^>]*>(.*?)</li>", crumbs)
    assert re.sub("<[^>]+>", "", steps[0]) == strings["nav.home"]
    group = re.search(r'href="\.\./\.\./#group-([a-z]+)"', steps[1]).group(1)
    assert re.sub("<[^>]+>", "", steps[1]) == strings[f"articles.group.{group}"]
    title = re.sub("<[^>]+>", "", between(main, "<h1", "</h1>").split(">", 1)[1])
    title = title.replace("&para;", "").strip()
    assert steps[2] == title and 'aria-current="page"' in crumbs
    updated = re.search(r'<p class="kb-frame kb-updated">(.*?)<time datetime="(\d{4}-\d\d-\d\d)">(.*?)</time></p>', main)
    source = Path(__file__).parent.parent / "docs" / lang / "articles" / f"{slug}.md"
    front = re.search(r"^kb_updated: (\S+)$", source.read_text(encoding="utf-8"), re.M)
    day = front.group(1) if front else helpcentre.last_commit_day(source)
    if day is None:  # a history cut short (a shallow clone): no date rather than a wrong one
        assert updated is None
    else:
        assert updated and updated.group(2) == day and main.index("</h1>") < updated.start()
    # the page's own <title> is the article's, not the file name (the breadcrumbs come before the H1)
    assert f"<title>{title} - " in page


@pytest.mark.parametrize("lang, written", [("ru", "Обновлено: 28 октября 2025\u202fг."),
                                           ("pl", "Ostatnia aktualizacja: 28 października 2025 r.")])
def test_the_source_articles_update_date_is_shown_in_the_pages_language(built_site, lang, written):
    # seed 000 (#1171): "Последние обновление: 2025-10-28 17:58"; the front matter's kb_updated
    page = html(built_site, lang, "articles/lms-renewal")
    line = re.search(r'<p class="kb-frame kb-updated">(.*?)</p>', page).group(1)
    assert re.sub("<[^>]+>", "", line).replace("\xa0", " ") == written.replace("\xa0", " ")
    assert '<time datetime="2025-10-28">' in line




@pytest.mark.parametrize("lang", LANGS)
def test_contact_support_shows_the_kbs_own_channels_and_none_where_kbdata_has_none(built_site, kbdata, lang):
    support = kbdata["site"]["support"]
    strings = kbdata["strings"][lang]
    for slug, group in (("lms-renewal", "lms"), ("paid-services", "paid"), ("funds-exhausted", "cloud")):
        page = html(built_site, lang, f"articles/{slug}")
        channels = support.get(group)
        if channels is None:
            assert 'class="kb-frame kb-contact"' not in page, f"{slug}: a contact block with nothing to say"
            continue
        block = between(page, '<section class="kb-frame kb-contact"', "</section>")
        assert strings["frame.contact_title"] in block
        assert f'href="{channels["portal"]}"' in block
        category = channels.get("category", "\0")
        category = category if isinstance(category, str) else category[lang]
        assert ("category" in channels) == (category in block)
        # the e-mail only where kbdata has one (the footer of the 3KL sources): none invented
        assert ("mailto:" in block) == ("email" in channels)
        assert "email" not in channels or f'href="mailto:{channels["email"]}"' in block


@pytest.mark.parametrize("lang", LANGS)
def test_related_articles_are_those_about_the_same_services(built_site, lang):
    linked = {}
    for slug in ARTICLES:
        page = html(built_site, lang, f"articles/{slug}")
        block = between(page, '<section class="kb-frame kb-related"', "</section>") if "kb-related" in page else ""
        linked[slug] = set(re.findall(r'href="\.\./([a-z-]+)/"', block))
    # lms-renewal covers the 3KL services (kb_services: lms-3kl), paid-services names them (kb_covers)
    assert linked == {"lms-renewal": {"paid-services"}, "paid-services": {"lms-renewal"}, "funds-exhausted": set()}
    service = html(built_site, lang, "services/saas-3kl")
    assert 'href="../../articles/paid-services/"' in between(service, '<section class="kb-frame kb-related"', "</section>")


@pytest.mark.parametrize("lang", LANGS)
def test_the_short_link_is_the_articles_number_and_reaches_it(built_site, lang):
    for slug, kb_id in (("lms-renewal", 1171), ("paid-services", 1172), ("funds-exhausted", 1173)):
        page = html(built_site, lang, f"articles/{slug}")
        line = re.search(r'<p class="kb-frame kb-short-link">(.*?)</p>', page).group(1)
        assert f"#{kb_id}" in line
        assert f'href="../../id/{kb_id}/">{SITE_URL}{lang}/id/{kb_id}/</a>' in line
        redirect = (built_site / lang / "id" / str(kb_id) / "index.html").read_text(encoding="utf-8")
        assert f'data-target="../../articles/{slug}/"' in redirect


@pytest.mark.parametrize("lang", LANGS)
def test_pages_with_sample_prices_say_so_at_the_top_and_others_do_not(built_site, kbdata, lang):
    notice = kbdata["strings"][lang]["frame.sample_title"]
    for path in ("prices", "articles/paid-services"):
        page = html(built_site, lang, path)
        assert page.index(notice) < page.index('data-kb-prices'), path
        assert page.index("</h1>") < page.index(notice) < page.index("<h2"), path
    for path in ("articles/funds-exhausted", "articles/lms-renewal", "services/cloud-pro", "services", ""):
        assert notice not in html(built_site, lang, path), path


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_keeps_the_same_heading_anchors_in_both_languages(built_site, lang):
    other = "pl" if lang == "ru" else "ru"
    for path in (built_site / lang).rglob("index.html"):
        rel = path.relative_to(built_site / lang)
        mine = re.findall(r'<h[1-6] id="([^"]+)"', path.read_text(encoding="utf-8"))
        theirs = re.findall(r'<h[1-6] id="([^"]+)"', (built_site / other / rel).read_text(encoding="utf-8"))
        assert mine == theirs, rel
        assert all(re.fullmatch(r"[a-z0-9-]+", a) for a in mine), (rel, mine)


def test_a_real_rate_takes_the_sample_notice_away_and_support_follows_kbdata(project_copy):
    """KB authors change the data, every page follows: sample: false removes the notice; a new
    support e-mail appears under the articles of its group."""
    prices_yaml = project_copy / "kbdata" / "prices.yaml"
    prices_yaml.write_text(prices_yaml.read_text(encoding="utf-8").replace("    sample: true\n", ""), encoding="utf-8")
    site_yaml = project_copy / "kbdata" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "  cloud:\n    email: help@example.com\n",
                         encoding="utf-8")
    site = load_site(project_copy)
    L = site.lang("ru")
    assert helpcentre.sample_notice(L, prices.price_table(L, "content")) == ""
    done = run_build(project_copy)
    assert done.returncode == 0, done.stderr
    built = project_copy / "site"
    assert "kb-sample-notice" not in html(built, "pl", "prices")
    page = html(built, "pl", "articles/funds-exhausted")
    assert 'href="mailto:help@example.com">help@example.com</a>' in between(page, '<section class="kb-frame kb-contact"', "</section>")


@pytest.mark.browser
@pytest.mark.parametrize("lang, printed", [("ru", "Распечатано"), ("pl", "Wydrukowano")])
def test_a_printed_page_says_what_and_when_and_keeps_the_answer_not_the_buttons(page, server, lang, printed):
    from test_calc_browser import live_text
    url = server + f"{lang}/articles/paid-services/?item=prototype"
    page.goto(url)
    answer = live_text(page, "#calc-price")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    line = page.locator(".kb-printed")
    assert line.is_visible()
    today = page.evaluate(f"new Intl.DateTimeFormat('{lang}', {{dateStyle: 'long'}}).format(new Date())")
    assert line.inner_text().startswith(f"{printed} {today}") and url in line.inner_text()
    # an address holding replacement patterns prints as written
    odd = url + "&x=$&{date}$'"
    page.goto(odd)
    live_text(page, "#calc-price")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator(".kb-printed").inner_text().endswith(page.evaluate("location.href"))
    result = page.locator("#calc-price .kb-calc__result")
    assert result.is_visible() and "25" in answer
    # the balance calculator was not used: its example answer would read as the reader's own
    for hidden in ("#calc-price .kb-calc__form", "#calc-price .kb-calc__actions", ".kb-crumbs", ".md-header",
                   ".md-sidebar--primary", "#calc-balance"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator(".kb-contact").is_visible()  # how to reach support, on paper too
    page.emulate_media(media="screen")
    assert not line.is_visible()


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_a_table_wider_than_a_phone_says_so_above_it_and_one_that_fits_does_not(page, server, kbdata, lang):
    hint = kbdata["strings"][lang]["frame.table_scroll"]
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(server + f"{lang}/articles/funds-exhausted/#usage-resources")
    box = page.locator("#usage-resources ~ div .kb-scroll").first
    page.wait_for_function("document.querySelectorAll('.kb-scroll-hint').length > 0")
    line = box.locator("xpath=preceding-sibling::*[1]")
    assert line.get_attribute("class") == "kb-scroll-hint" and line.inner_text() == hint and line.is_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(server + f"{lang}/prices/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.locator("#prices-content .kb-scroll-hint, #prices-content ~ .kb-scroll-hint").count() == 0


@pytest.mark.browser
def test_breadcrumb_links_are_comfortable_touch_targets_on_a_phone(page, server):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(server + "pl/articles/funds-exhausted/")
    boxes = [link.bounding_box() for link in page.locator(".kb-crumbs a").all()]
    assert len(boxes) == 2 and all(b["height"] >= 44 for b in boxes), boxes


def test_updated_is_the_last_change_of_the_words_never_a_rewrap_or_a_cut_history(tmp_path):
    """Review 3, U1: "Обновлено" must be a date a customer can trust."""
    import os
    import subprocess

    from generator.rendering.helpcentre import last_commit_day

    repo = tmp_path / "kb"
    repo.mkdir()

    def commit(text: str, day: str) -> None:
        (repo / "a.md").write_text(text, encoding="utf-8")
        env = dict(os.environ, GIT_AUTHOR_DATE=f"{day}T12:00:00", GIT_COMMITTER_DATE=f"{day}T12:00:00",
                   GIT_AUTHOR_NAME="a", GIT_AUTHOR_EMAIL="a@b", GIT_COMMITTER_NAME="a", GIT_COMMITTER_EMAIL="a@b")
        subprocess.run(["git", "add", "a.md"], cwd=repo, check=True)
        subprocess.run(["git", "commit", "-qm", day], cwd=repo, check=True, env=env)

    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    commit("Сервер удаляется\nчерез 17 дней.\n", "2025-01-10")
    assert last_commit_day.__wrapped__(repo / "a.md") == "2025-01-10"
    commit("Сервер удаляется через\n17  дней.\n\n", "2025-02-20")  # re-wrapped, the same words
    assert last_commit_day.__wrapped__(repo / "a.md") == "2025-01-10"
    commit("Сервер удаляется через 18 дней.\n", "2025-03-30")  # a real edit
    assert last_commit_day.__wrapped__(repo / "a.md") == "2025-03-30"
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True)
    assert last_commit_day.__wrapped__(shallow / "a.md") is None  # a cut history dates nothing
    assert last_commit_day.__wrapped__(tmp_path / "a.md") is None  # no repository at all


# Add-ons whose base service the sources delete first (seed 004): Whois Privacy is kept until
# day 70, its domain can be released from day 31; SMS notifications have no deletion day, their
# load balancer is deleted on day 18. (Plesk extensions go with their licence, on the same day.)
ADD_ONS_OF_WHAT_GOES_FIRST = {"whois-privacy", "load-balancer-sms"}


@pytest.mark.parametrize("lang", LANGS)
def test_every_service_page_opens_with_its_answer_and_what_to_do(built_site, kbdata, site, lang):
    """Review 3, §4: the answer in two lines above the details, then what to do now: the last
    day to act where something is deleted, the sources' advice, whom to write to where kbdata
    names a channel (the cloud services have none: no block invents one)."""
    strings = kbdata["strings"][lang]
    for service in site.model.services:
        page = html(built_site, lang, f"services/{service.id}")
        main = page[page.index("<article"):]
        answer = between(main, '<div class="kb-answer">', "</div>")
        assert main.index("</h1>") < main.index('<div class="kb-answer">') < main.index('id="timeline"'), service.id
        policy = site.model.policies[service.policy]
        for phase in policy.phases:
            assert service.labels[lang][phase.state] in answer, (service.id, phase.state)
        deleted = any(kbdata["states"][p.state]["kind"] == "deleted" for p in policy.phases)
        parent_first = service.id in ADD_ONS_OF_WHAT_GOES_FIRST
        assert answer.count("<p>") == 1 + deleted + parent_first, (service.id, answer)
        if parent_first:  # its base service's name and last day, right under the phases: the day to act by
            base = site.model.service(service.parent)
            assert f"{base.name[lang]}" in answer.split("</p>")[1], (service.id, answer)
        todo = re.search(r'<section class="kb-todo">(.*?)</section>', main, re.S)
        group = site.article_for_group(lang, service.group)
        support = kbdata["site"]["support"].get(group.group if group else "")
        assert (todo is not None) == bool(policy.todo or policy.reactivation or support), service.id
        if todo:
            assert strings["answer.todo"] in todo.group(1)
            assert ('href="#contact-support"' in todo.group(1)) == bool(support), service.id
            assert main.index("</section>", main.index('class="kb-todo"')) < main.index('id="timeline"')


@pytest.mark.parametrize("lang", LANGS)
def test_the_retention_articles_say_what_to_do_before_the_details(built_site, kbdata, lang):
    for slug, first_h2 in (("lms-renewal", 'id="saas"'), ("funds-exhausted", 'id="calculator"')):
        main = html(built_site, lang, f"articles/{slug}")
        summary = main.index('class="admonition abstract"')
        todo = main.index('<section class="kb-todo">')
        assert summary < todo < main.index(first_h2), slug


@pytest.mark.parametrize("name", ['Whois <img src=x onerror=alert(1)> Privacy "q" &amp; {{ 7*7 }}',
                                  "Whois </script><script>alert(2)</script> *Privacy* [x](javascript:1) {#id}"])
def test_a_service_name_is_text_in_its_page_title_not_markup(project_copy, name):
    """The adversarial pass: a name with markup went into the service page's heading as HTML
    (only the CSP stopped it) and broke its {#top}; everywhere else it was already text."""
    import markdown

    from generator.rendering.all_pages import render_all

    services = project_copy / "kbdata" / "services.yaml"
    text = services.read_text(encoding="utf-8")
    old = "name: {ru: Whois Privacy, pl: Whois Privacy}"
    assert old in text
    services.write_text(text.replace(old, "name: " + __import__("json").dumps({"ru": name, "pl": name})), encoding="utf-8")
    from generator import runtime

    site = load_site(project_copy)
    pages: dict = {}
    render_all(site.with_runtime(runtime.plan(site.data)), lambda lang, path, text, front: pages.setdefault((lang, path), text))
    page = next(text for (lang, path), text in pages.items() if lang == "ru" and path.endswith("services/whois-privacy.md"))
    title = next(line for line in page.splitlines() if line.startswith("# "))
    heading = markdown.markdown(title, extensions=["attr_list", "md_in_html"])
    assert heading.startswith('<h1 id="top">') and "<img" not in heading and "<script" not in heading, heading
    assert "<em>" not in heading and "<a " not in heading
    shown = re.sub(r"<[^>]+>", "", heading)
    import html as entities
    assert entities.unescape(shown) == name, shown

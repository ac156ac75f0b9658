import json
from datetime import datetime
from pathlib import Path

import pytest

from stages.clean import clean_text
from stages.model import DocMeta
from stages.segment import split_page

SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLE = SHARED / "raw-samples" / "000_827eaa8e26184989.txt"
GOLD = SHARED / "eval" / "gold" / "000_827eaa8e26184989.json"


@pytest.mark.skipif(not SAMPLE.exists(), reason="needs ../shared")
def test_sample_page_gives_the_gold_articles_without_boilerplate():
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    fetched = datetime.fromisoformat(gold["meta"]["fetched_at"].replace("Z", "+00:00"))
    articles = split_page(clean_text(SAMPLE.read_text(encoding="utf-8")), DocMeta(fetched_at=fetched))
    assert [a.title for a in articles] == [g["title"] for g in gold["articles"]]
    assert [a.outlet for a in articles] == [g["outlet"] for g in gold["articles"]]
    want = [g.get("published_at") for g in gold["articles"]]
    assert [a.published_at and a.published_at.isoformat().replace("+00:00", "Z") for a in articles] == want
    assert not [b for b in gold["boilerplate"] for a in articles if b in a.body]


def test_reuters_dateline_moved_out_and_hard_wraps_rejoined():
    text = ("OPEC OUTPUT FALLS\n\n"
            "NICOSIA, March 16 - OPEC produced only about 14 mln bpd of\n"
            "oil in the second week of March -- 1.8 mln bpd below its\n"
            "ceiling -- largely because of pipeline problems in Turkey.\n"
            "    A landslide breached Iraq's one mln bpd pipeline through\n"
            "Turkey on March 6 for a week, and earthquakes in Ecuador have\n"
            "shut down its export pipeline for four to five months.\n")
    meta = DocMeta(source="Reuters", published_at=datetime(1987, 3, 16, 5, 36))
    [article] = split_page(text, meta)
    assert (article.title, article.dateline, article.outlet) == ("OPEC OUTPUT FALLS", "NICOSIA, March 16", "Reuters")
    assert article.published_at == meta.published_at
    assert article.body.split("\n\n") == [
        "OPEC produced only about 14 mln bpd of oil in the second week of March -- 1.8 mln bpd below its "
        "ceiling -- largely because of pipeline problems in Turkey.",
        "A landslide breached Iraq's one mln bpd pipeline through Turkey on March 6 for a week, and "
        "earthquakes in Ecuador have shut down its export pipeline for four to five months."]


BODY = ["The United States has slowed the sale of the company's international assets to pressure its owner in the talks, four sources said.",
        "The deadline will be extended to April 1 for deals to be concluded, according to a document reviewed by the agency.",
        "Any deal requires that the company receives no upfront value and that all proceeds be frozen, the official said."]


def test_page_dump_furniture_stamps_and_site_name():
    page = "\n".join([
        "US slows sale of assets to pressure Russia | The Daily Site", "Menu", "News", "Business", "Sign In",
        "Share", "US slows sale of assets to pressure Russia", "By Jane Doe", "Feb 26, 2026 | 9:05 AM",
        *BODY[:2], "Read more", "Another story elsewhere on this site today", "Feb 20, 2026 10:00", BODY[2],
        "Tags:", "Russia", "Comments", "Subscribe to our newsletter", "© 2026 The Daily Site. All rights reserved.",
        "Most popular", "First popular headline in the list here", "Second popular headline in the list here"])
    [article] = split_page(page, DocMeta())
    assert article.title == "US slows sale of assets to pressure Russia"
    assert (article.outlet, article.author) == ("The Daily Site", "Jane Doe")
    assert article.published_at == datetime(2026, 2, 26, 9, 5)
    assert article.body.split("\n\n") == BODY


def test_agency_credit_in_lead_sets_outlet():
    [article] = split_page("Oil deal delayed\n\nWASHINGTON, Feb 26 (Reuters) - " + " ".join(BODY), DocMeta(source="Site"))
    assert (article.outlet, article.dateline) == ("Reuters", "WASHINGTON, Feb 26 (Reuters)")
    assert article.body.startswith("The United States")


def test_headline_list_is_not_articles_but_prose_is_never_lost():
    headlines = "\n".join(f"Headline number {i} about markets today" for i in range(10))
    assert split_page(headlines, DocMeta()) == []
    [article] = split_page("Menu\nHome\n" + BODY[0], DocMeta(title="A title"))
    assert article.body == BODY[0]


@pytest.mark.parametrize("line", ["About 1000 come from Asia.", "Are you on the hunt for one of the best wireless speakers around?",
                                  "Netflix users have slammed the streaming giant for hiking subscription fees by up to £24 a year ."])
def test_a_lone_sentence_is_a_bare_paragraph(line):
    [article] = split_page(line + "\n", DocMeta())
    assert (article.title, article.body) == (None, line)


def test_clean_text_keeps_list_items_and_table_rows_between_and_after_paragraphs():
    items = ["Revenue: $4.2 billion", "Operating margin: 12%", "Shares outstanding: 310 million"]
    text = "\n".join(["Quarterly results beat forecasts", BODY[0], *items, BODY[1], "Outlook", BODY[2], "Net debt: $1.1 billion"])
    [article] = split_page(text, DocMeta())
    assert article.title == "Quarterly results beat forecasts"
    assert article.body.split("\n\n") == [BODY[0], *items, BODY[1], "Outlook", BODY[2], "Net debt: $1.1 billion"]


def test_comment_link_in_the_menu_does_not_hide_the_story_and_counted_comments_end_it():
    page = "\n".join(["Oil deal delayed again | Site", "Home", "Print options:", "Comments", "Share", "Oil deal delayed again",
                      *BODY,
                      "[ 12 comments ]", "Top Rated Comments", "reader_one", "2 days ago",
                      "I think this is a long comment with enough words to read like prose, honestly."])
    [article] = split_page(page, DocMeta())
    assert article.body.split("\n\n") == BODY


def test_body_after_standfirst_follows_a_long_share_bar():
    share_bar = ["By Jane Doe", "Feb 26, 2026", "Share this story", "Facebook", "Twitter", "Reddit", "Pocket", "Flipboard",
                 "Email", "Photo by A. Photographer/Agency"]
    standfirst = "The agency's deadline moves to April, officials said on Thursday."
    page = "\n".join(["Sale slowed | Site", "Home", "News", "Sale slowed to pressure owner", standfirst, *share_bar, *BODY, "Most popular", "Subscribe"])
    [article] = split_page(page, DocMeta())
    assert article.body.split("\n\n") == [standfirst, *BODY]
    assert article.author == "Jane Doe"


def test_repeated_embed_widgets_between_paragraphs_count_once_and_prose_may_say_permission():
    widgets = ["Image Copyright @someone", "Report"] * 5
    tail = "But the company says she did not need their permission in the first place."
    page = "\n".join(["Sale slowed | Site", "Menu", "Home", "Sale slowed to pressure owner", BODY[0], tail, *widgets, BODY[1], BODY[2], "Subscribe"])
    [article] = split_page(page, DocMeta())
    assert article.body.split("\n\n") == [BODY[0], tail, BODY[1], BODY[2]]


def test_a_stamp_spelt_with_letters_ignore_case_takes_for_i_and_s_is_read():
    """`mınutes`, `Auguſt` match the stamp patterns (ignore case takes ı for i, ſ for s); the lookup after the match
    raised KeyError, which sent the whole page to the quarantine."""
    from datetime import timedelta, timezone

    from stages.segment.stamps import parse_stamp

    fetched = datetime(2025, 1, 1, tzinfo=timezone.utc)
    assert parse_stamp("Updated 5 mınutes ago", fetched) == (fetched - timedelta(minutes=5), True)
    assert parse_stamp("Publiſhed 3 Auguſt 2024", fetched) == (datetime(2024, 8, 3), False)

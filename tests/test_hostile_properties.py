"""Property tests: every parser of untrusted input, fed what hypothesis makes up.

The rules checked live in ``tests/support/invariants.py`` (shared with the atheris fuzzer in
``benchmarks/fuzz.py``). Runs are derandomised so CI is repeatable; set
``HYPOTHESIS_PROFILE=explore`` for a longer, random search. The examples pinned
with ``@example`` are the fuzzers' findings, kept as regression tests.
"""

from __future__ import annotations

import itertools
import json
import os
import string
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claimcmp.analysis.visible import INVISIBLE, visible_view
from claimcmp.errors import InputError
from claimcmp.input.decoding import decode_bytes
from claimcmp.input.formats import Source, load_json, paragraphs_of_html, parse_input
from claimcmp.input.segmentation import boilerplate_paragraphs, cut_long_spans, quotation_spans, segment_document
from claimcmp.input.untrusted import clean_text, display_name, displayable
from claimcmp.records import Document
from tests.support.invariants import (
    EXTENSIONS,
    analyse_text,
    check_segments,
    compare_texts,
    parse_untrusted,
)

settings.register_profile(
    "ci", deadline=None, derandomize=True, max_examples=60, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("explore", deadline=None, max_examples=2000, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# pieces of news text that exercise the extractors: names, speech verbs, figures, dates, quotes
FRAGMENTS = [
    "Путин",
    "Ким Чен Ын",
    "Владимир Путин",
    "Володимир Зеленський",
    "Песков",
    "заявил",
    "сказав",
    "каза",
    "не",
    "опроверг",
    "10 000",
    "1,5 млн",
    "более 100",
    "около 60",
    "понад 10 тисяч",
    "двадцать",
    "9 мая 2023 года",
    "15.08.2023",
    "в этом году",
    "вчера",
    "2024",
    "«",
    "»",
    "„",
    "“",
    "”",
    '"',
    "'",
    " — ",
    "-",
    ".",
    ". ",
    "! ",
    "? ",
    "…",
    ", ",
    ": ",
    " ",
    "\n",
    "\n\n",
    "\t",
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\ufeff",
    "\u202e",  # right-to-left override
    "\u2066",
    "\u0301",  # combining acute
    "Пyтин",  # Latin y inside Cyrillic
    "Рutin",  # Cyrillic Р, Latin rest
    "КНДР",
    "Читайте также:",
    "Реклама",
    "г.",
    "т.е.",
    "В.",
    "%",
    "$",
    "тонн",
    "ракет",
]
HOSTILE_CHARS = st.sampled_from(list("«»„“”\"'‘’‹›()[]{}.!?…—–-:;,0123456789 \n\t\r\u00a0\u200b\u202e\u0301\x1b\x00"))
WORDS = st.text(st.sampled_from(string.ascii_letters + "абвгдежзийклмнопрстуфхцчшщъыьэюяіїєґ"), min_size=1, max_size=8)
article_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), WORDS, st.text(HOSTILE_CHARS, max_size=4), st.text(max_size=3)),
    max_size=120,
).map("".join)
languages = st.sampled_from(["ru", "uk", "bg", "en", "be", "mk", "sr", "und", "ru-RU", "UK", "de", "x\u202e", ""])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | article_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@given(raw=st.binary(max_size=3000), extension=st.sampled_from(EXTENSIONS))
@example(raw=b'{"text": "\\ud800 a b c", "id": "\\udfff"}', extension=".json")
@example(raw=b'{"text": "a b c", "n": ' + b"9" * 10_000 + b"}", extension=".json")
@example(raw=b'{"text": "a b c", "n": NaN, "m": 1e999, "k": -Infinity}', extension=".json")
@example(raw="Путин \x1b[2J\x1b]0;title\x07 сказал.".encode(), extension=".txt")
@example(raw=b"[" * 100_000, extension=".json")
@example(raw=b'{"text": "x"}\n' + b"[" * 100_000 + b"\n", extension=".jsonl")
@example(raw=b"\xff\xfe" + b"\x00\xd8", extension=".txt")  # UTF-16 BOM, then a lone surrogate
def test_parse_input_refuses_only_with_claimcmp_errors(raw: bytes, extension: str) -> None:
    parse_untrusted(raw, extension)


@given(records=st.lists(json_values, min_size=1, max_size=5), text=article_text)
def test_json_and_jsonl_records_of_any_shape_are_read_or_refused_cleanly(records: list[object], text: str) -> None:
    records = [*records, {"text": text + " a b c", "meta": records[0]}]
    as_json = json.dumps(records, ensure_ascii=False).encode("utf-8")
    as_jsonl = "\n".join(json.dumps(r) for r in records).encode("utf-8")
    assert parse_untrusted(as_json, ".json") is not None  # the last record always has text
    assert parse_untrusted(as_jsonl, ".jsonl") is not None


@given(text=article_text, wrapper=st.sampled_from(["<p>{}</p>", "<html><body><article>{}</article></body></html>"]))
def test_html_of_any_text_is_read_or_refused_cleanly(text: str, wrapper: str) -> None:
    parse_untrusted(wrapper.format(text).encode("utf-8", "surrogatepass"), ".html")


@given(raw=st.binary(max_size=2000))
def test_decoding_gives_text_without_surrogates_or_a_clear_error(raw: bytes) -> None:
    try:
        decoded = decode_bytes(raw, "x")
    except InputError:
        return
    decoded.text.encode("utf-8")  # no lone surrogate survives decoding


@given(text=article_text, lang=languages, keep=st.booleans())
def test_segments_point_exactly_into_the_document(text: str, lang: str, keep: bool) -> None:
    document = Document(id="d", text=text, lang=lang)
    check_segments(document, segment_document(document, keep_boilerplate=keep))
    check_segments(document, segment_document(document, keep_boilerplate=keep, max_chars=7))


@given(text=article_text, lang=languages)
@example(text="Сказано " + "9" * 10_000 + " ракет.", lang="ru")
@example(text="«" * 10_000, lang="ru")
@example(text="Он сказал: «да. " * 2000, lang="uk")
def test_facts_come_from_their_own_segment_and_are_deterministic(text: str, lang: str) -> None:
    first = analyse_text(text, lang)
    assert first == analyse_text(text, lang)


@given(text_a=article_text, text_b=article_text, lang=languages)
def test_flag_comparison_of_any_two_texts_points_into_both(text_a: str, text_b: str, lang: str) -> None:
    compare_texts(text_a, text_b, lang, "uk")


@given(text=article_text)
def test_quotation_spans_lie_inside_the_text_in_order(text: str) -> None:
    for start, end in quotation_spans(text):
        assert 0 <= start < end < len(text)


@given(text=article_text, max_chars=st.integers(1, 50))
def test_cutting_long_spans_keeps_every_word_and_the_limit(text: str, max_chars: int) -> None:
    trimmed = (len(text) - len(text.lstrip()), len(text.rstrip()))  # segmentation hands over trimmed spans
    spans = cut_long_spans(text, [trimmed] if text.strip() else [], max_chars)
    assert all(0 <= start < end <= len(text) and end - start <= max_chars for start, end in spans)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))

    def visible(s: str) -> str:
        return "".join(ch for ch in s if not ch.isspace())

    assert "".join(visible(text[s:e]) for s, e in spans) == visible(text)


@given(paragraphs=st.lists(article_text, max_size=12))
def test_boilerplate_is_a_subset_of_the_paragraphs(paragraphs: list[str]) -> None:
    assert boilerplate_paragraphs(paragraphs) <= set(range(len(paragraphs)))


@given(text=st.text())
def test_cleaned_text_has_no_controls_and_cleaning_is_idempotent(text: str) -> None:
    cleaned, _ = clean_text(text)
    assert clean_text(cleaned) == (cleaned, 0)
    assert all(ch in "\t\n\r" or ch.isprintable() or not (ord(ch) < 32 or 127 <= ord(ch) < 160) for ch in cleaned)
    assert len(displayable(cleaned)) == len(cleaned)


@given(name=st.text(st.characters(codec=None), max_size=30))
@example(name="evil\nname;rm -rf ~ $(id) `x`.txt")
@example(name="caf\udce9.txt")  # a Latin-1 byte in a UTF-8 file system, as os.fsdecode gives it
def test_display_names_are_one_printable_line(name: str) -> None:
    shown = display_name(name)
    assert "\n" not in shown and "\r" not in shown
    shown.encode("utf-8")
    assert all(ch.isprintable() or ch == " " for ch in shown)


@pytest.mark.parametrize(("depth", "read"), [(10, True), (100_000, False)])
def test_deep_json_nesting_is_read_or_refused_with_an_input_error(depth: int, read: bool) -> None:
    raw = ('{"text": "a b c", "x": ' + "[" * depth + "]" * depth + "}").encode()
    assert (parse_untrusted(raw, ".json") is not None) is read
    if not read:
        with pytest.raises(InputError, match="nested too deeply"):
            parse_input(raw, Source(name="deep.json", stem="deep", extension=".json"))


def test_json_numbers_python_cannot_carry_stay_as_written() -> None:
    assert load_json('{"n": NaN, "i": -Infinity, "f": 1e999, "ok": 1.5}') == {
        "n": "NaN",
        "i": "-Infinity",
        "f": "1e999",
        "ok": 1.5,
    }
    assert load_json("9" * 10_000) == "9" * 10_000
    assert load_json("12") == 12


@given(text=article_text)
def test_the_visible_view_maps_every_character_back_into_the_text(text: str) -> None:
    view = visible_view(text)
    if view is None:
        return
    assert len(view.starts) == len(view.ends) == len(view.text)
    clusters: dict[tuple[int, int], str] = {}
    for i, where in enumerate(zip(view.starts, view.ends, strict=True)):
        clusters[where] = clusters.get(where, "") + view.text[i]
    covered: set[int] = set()
    for (start, end), chars in clusters.items():
        assert 0 <= start < end <= len(text)
        assert unicodedata.normalize("NFC", text[start:end]) == chars  # a letter and its marks, composed
        covered.update(range(start, end))
    assert covered | {m.start() for m in INVISIBLE.finditer(text)} == set(range(len(text)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Поставлено 1\u200b000 тонн зерна.", ("number", 1000.0, "1\u200b000 тонн")),
        ("Пес\ufeffков подтвердил это вчера.", ("name", "peskov", "Пес\ufeffков")),
        ("Ким\u200d Чен Ын ответил письмом.", ("name", "kim-jong-un", "Ким\u200d Чен Ын")),
        ("Сергеи\u0306 Шои\u0306гу прибыл в Пхеньян.", ("name", "shoigu", "Сергеи\u0306 Шои\u0306гу")),
    ],
)
def test_invisible_characters_and_decomposed_letters_do_not_hide_a_fact(
    text: str, expected: tuple[str, object, str]
) -> None:
    (segment,) = analyse_text(text, "ru")
    kind, value, written = expected
    if kind == "number":
        found = [(n.value, n.text) for n in segment.facts.numbers]
    else:
        found = [(e.key, e.text) for e in segment.facts.entities]
    assert (value, written) in found  # the fact as a reader sees it, its text as the source wrote it


@given(page=article_text, tags=st.lists(st.sampled_from(["<p>", "</p>", "<div>", "<script>", "</script>", "<li>"])))
def test_the_fallback_html_reader_takes_any_page(page: str, tags: list[str]) -> None:
    text = paragraphs_of_html("".join(tags) + page + "".join(reversed(tags)))
    assert isinstance(text, str)


def test_the_fallback_html_reader_keeps_paragraphs_and_drops_scripts() -> None:
    page = "<div>" * 5000 + "<p>Первый абзац.<script>alert(1)</script></p><li>Пункт</li>" + "</div>" * 5000
    assert paragraphs_of_html(page) == "Первый абзац.\n\nПункт"


# a pathological line, built at n, and the n of the full-size run
PATHOLOGICAL_LINES = {
    # the sentence-stop pattern retried from every dot: 14 s at 32k
    "a line of dots": (lambda n: "." * n, 100_000, ".txt"),
    # each sentence searched every quotation: 18 s at 32k
    "quoted sentences": (lambda n: "«Да». " * n, 50_000, ".txt"),
    # a lazy title pattern: 10 s at 32k
    "a heading of hashes": (lambda n: "# " + "#" * n + " x\nтекст.", 100_000, ".md"),
    "stops then quotes": (lambda n: "." + "»" * n + "x", 100_000, ".txt"),
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL_LINES))
def test_pathological_lines_are_read_and_split_in_linear_work(name: str) -> None:
    import time

    from tests.conftest import HANG_GUARD_SECONDS, python_steps

    build, size, extension = PATHOLOGICAL_LINES[name]

    def read_and_split(n: int) -> None:
        parsed = parse_untrusted(build(n).encode(), extension)
        for document in parsed.documents if parsed else ():
            check_segments(document, segment_document(document, keep_boilerplate=True))

    read_and_split(size // 256)  # warm-up
    # work counted, not timed: 4x the input, linear is ~4x the steps, quadratic ~16x
    small, large = python_steps(lambda: read_and_split(size // 64)), python_steps(lambda: read_and_split(size // 16))
    assert large < 5 * small, (name, small, large)
    # the full size once: a hang guard for what the count cannot see (one regular expression's
    # backtracking: the dots and the hashes were quadratic inside one match, 2 min at this length)
    started = time.perf_counter()
    read_and_split(size)
    assert time.perf_counter() - started < HANG_GUARD_SECONDS, name

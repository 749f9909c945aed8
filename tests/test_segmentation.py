from __future__ import annotations

import pytest

from claimcmp.input.languages import load_languages
from claimcmp.input.reading import read_document
from claimcmp.input.segmentation import quotation_spans, segment_document, split_paragraphs, split_sentences
from claimcmp.records import Document, Segment

from .conftest import HANG_GUARD_SECONDS, SEEDS, python_steps

RU = load_languages()["ru"].abbreviations
BG = load_languages()["bg"].abbreviations


def sentences(text: str, abbreviations: frozenset[str] = RU) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, abbreviations)]


def test_plain_sentences_split() -> None:
    assert sentences("Путин заявил это. Ким ответил письмом! Что дальше? Никто не знает.") == [
        "Путин заявил это.",
        "Ким ответил письмом!",
        "Что дальше?",
        "Никто не знает.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Мораторий ввели в 2018 г. после встречи с Трампом.",
        "Торговля достигла 40 млрд. долларов за год.",
        "Это, т.е. договор, подписали в июне.",
        "Письмо подписал В. В. Путин лично.",
        "Бюджетният дефицит е 6,158 млрд. лв. според данните.",
    ],
)
def test_abbreviations_and_initials_do_not_end_a_sentence(text: str) -> None:
    assert sentences(text, RU | BG) == [text]


def test_sentences_inside_a_quotation_are_split() -> None:
    text = (
        "«Примите мои поздравления. Я уверен в будущем», — отметил Путин. "
        "„Твърдо съм убеден. Ще продължим“, се казва в писмото. "
        '"We will win. Always", he said. Next sentence.'
    )
    assert sentences(text) == [
        "«Примите мои поздравления.",
        "Я уверен в будущем», — отметил Путин.",
        "„Твърдо съм убеден.",
        "Ще продължим“, се казва в писмото.",
        '"We will win.',
        'Always", he said.',
        "Next sentence.",
    ]


def test_sentence_ending_in_a_closing_quote_is_split() -> None:
    assert sentences("Он сказал «да». Потом ушёл.") == ["Он сказал «да».", "Потом ушёл."]


def test_unbalanced_quote_does_not_glue_the_paragraph() -> None:
    assert sentences("Он сказал «да. Потом ушёл. И всё.") == ["Он сказал «да.", "Потом ушёл.", "И всё."]


def test_list_marker_belongs_to_its_item() -> None:
    assert sentences("1. Запомни ме") == ["1. Запомни ме"]


def test_quotation_spans_nest() -> None:
    text = "«Он сказал „нет“ дважды»"
    inner = (text.index("„"), text.index("“"))
    assert quotation_spans(text) == [inner, (0, len(text) - 1)]


def test_paragraphs_break_on_lines_but_join_hard_wrapped_lines() -> None:
    text = "Первая строка абзаца\nпродолжается здесь.\nВторой абзац.\n\n  Третий.  \n"
    spans = [text[s:e] for s, e in split_paragraphs(text)]
    assert spans == ["Первая строка абзаца\nпродолжается здесь.", "Второй абзац.", "Третий."]


def test_offsets_point_into_the_document_for_every_seed() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        document = read_document(path)
        segments = segment_document(document)
        assert segments, path
        for i, segment in enumerate(segments):
            assert segment.text == document.text[segment.start : segment.end]
            assert segment.text == segment.text.strip()
            assert segment.index == i
            assert segment.id == f"{document.id}:{i}"
        starts = [s.start for s in segments]
        assert starts == sorted(starts)


def test_boilerplate_is_kept_only_on_request() -> None:
    text = (
        "Путин направил письмо Ким Чен Ыну.\n"
        "Реклама\n"
        "Читайте также:\n"
        "Другая новость про погоду\n"
        "Ким ответил благодарностью.\n"
        "Обратно в сайта X\n"
        "Любопитно Преди 13 минути\n"
    )
    segments = segment_document(Document(id="d", text=text, lang="ru"), keep_boilerplate=True)
    kinds = {s.text: s.kind for s in segments}
    assert kinds == {
        "Путин направил письмо Ким Чен Ыну.": "sentence",
        "Реклама": "boilerplate",
        "Читайте также:": "boilerplate",
        "Другая новость про погоду": "boilerplate",
        "Ким ответил благодарностью.": "sentence",
        "Обратно в сайта X": "boilerplate",
        "Любопитно Преди 13 минути": "boilerplate",
    }


def test_seed_002_tail_is_boilerplate() -> None:
    document = read_document(next(SEEDS.glob("002_*.txt")))
    segments = segment_document(document, keep_boilerplate=True)
    back_to_site = next(s for s in segments if s.text.startswith("Обратно в сайта"))
    teaser = next(s for s in segments if s.text.startswith("Ким Чен-ун обяви готовност за война"))
    assert all(s.kind == "boilerplate" for s in segments if s.start >= back_to_site.start)
    article = [s for s in segments if s.start < back_to_site.start and s != teaser]
    assert teaser.kind == "boilerplate"
    assert [s.kind for s in article] == ["sentence"] * len(article)
    assert len({s.paragraph for s in article}) == 8  # the article's eight paragraphs, all kept


def seed_texts(prefix: str) -> list[str]:
    document = read_document(next(SEEDS.glob(f"{prefix}_*.txt")))
    return [s.text for s in segment_document(document)]


def test_seed_001_loses_read_also_and_trailing_junk() -> None:
    texts = seed_texts("001")
    assert not any("ЧИТАЙТЕ ТАКЖЕ" in t or "cristiano mbappe" in t for t in texts)
    assert texts[-1].startswith("Север провел последнее ракетное испытание")


def test_seed_003_loses_ad_read_also_and_the_related_headline() -> None:
    texts = seed_texts("003")
    for gone in ("Реклама", "Читайте також:", "Путін подякував КНДР за участь у війні проти України", "Фото: NPR"):
        assert gone not in texts
    assert any(t.startswith("Правитель РФ у листі") for t in texts)


def test_seed_004_repeated_title_dropped_dateline_kept_apart() -> None:
    document = read_document(next(SEEDS.glob("004_*.txt")))
    segments = segment_document(document)
    title = "Путин поздравил Ким Чен Ына с годовщиной КНДР и отметил стратегическое партнерство"
    assert [s.kind for s in segments if s.text == title] == ["title"]
    assert [s.kind for s in segments if s.text == "Сен 9, 2024 / 12:36"] == ["dateline"]
    assert "По материалам: iz.ru" not in [s.text for s in segments]


def test_multi_sentence_quote_sentences_share_one_quote_id() -> None:
    document = read_document(next(SEEDS.glob("000_*.txt")))
    segments = segment_document(document)
    first = next(s for s in segments if s.text.startswith("«В ответ на столь недружественный акт"))
    second = segments[first.index + 1]
    assert first.text.endswith("Демократической Республикой.")
    assert second.text.startswith("Политические")
    assert second.text.endswith("заявило тогда украинское внешнеполитическое ведомство.")
    assert first.quote_id is not None and first.quote_id == second.quote_id
    plain = next(s for s in segments if s.text.startswith("ЦТАК не уточнило"))
    assert plain.quote_id is None
    # every other quotation has an id of its own
    ids = [s.quote_id for s in segments if s.quote_id and s.quote_id != first.quote_id]
    assert len(ids) == len(set(ids))


def test_inline_teaser_headline_is_boilerplate_but_section_headings_stay() -> None:
    text = (
        "Путин направил письмо Ким Чен Ыну в честь годовщины освобождения Кореи.\n\n"
        "Ким Чен Ын объявил о готовности к войне, приказал наращивать производство ракет\n\n"
        "В письме Путин пообещал укреплять двусторонние отношения.\n\n"
        "Передача письма и дипломатические контакты\n\n"
        "Письмо передал председатель Госдумы.\n\n"
        "Он перечислил то, что будет обсуждаться на встрече президентов двух стран и на переговорах:\n\n"
        "Экономика, безопасность и культура.\n"
    )
    kinds = {s.text: s.kind for s in segment_document(Document(id="d", text=text, lang="ru"), keep_boilerplate=True)}
    assert kinds["Ким Чен Ын объявил о готовности к войне, приказал наращивать производство ракет"] == "boilerplate"
    assert kinds["Передача письма и дипломатические контакты"] == "heading"
    assert kinds["Он перечислил то, что будет обсуждаться на встрече президентов двух стран и на переговорах:"] == (
        "sentence"
    )


def test_copyright_line_is_boilerplate_wherever_the_sign_stands() -> None:
    text = "Усі права захищені © 2019\nУряд ухвалив новий бюджет на наступний рік.\n"
    segments = segment_document(Document(id="d", text=text, lang="uk"))
    assert [s.text for s in segments] == ["Уряд ухвалив новий бюджет на наступний рік."]


def test_a_quote_in_another_language_keeps_its_language() -> None:
    text = (
        "Президент заявил журналистам о новых переговорах с партнёрами.\n"
        '"We will never forget the soldiers who fought for us", he said in English.\n'
        "Він також подякував КНДР за відправлення чудових солдатів у зону бойових дій.\n"
        "Ким ответил."
    )
    segments = segment_document(Document(id="d", text=text, lang="ru"))
    assert [s.lang for s in segments] == ["ru", "en", "uk", "ru"]


# a shape, built at n repeats, and the n of the full-size run
HOSTILE_SEGMENTATION = {
    "1MB-line": (lambda n: "а" * n, 1_000_000),  # one megabyte line without spaces
    "initials": (lambda n: "А. " * n, 300_000),  # initials everywhere: no cut, and no quadratic look-back
    "wrapped": (lambda n: "слово\n" * n, 100_000),  # hard-wrapped lines joined into one paragraph
    "repeated": (lambda n: "Слово.\n" * n, 100_000),  # a hundred thousand repeated lines
    "unbalanced-quotes": (lambda n: "Он сказал «да. " * n, 5_000),  # unbalanced quotes across 5 000 sentences
    "many-quote-marks": (lambda n: "«" * (10 * n) + "текст. " * n, 1_000),
}


@pytest.mark.parametrize("shape", list(HOSTILE_SEGMENTATION))
def test_hostile_long_inputs_segment_in_linear_work(shape: str) -> None:
    import time

    build, size = HOSTILE_SEGMENTATION[shape]

    def segment(n: int) -> list[Segment]:
        return segment_document(Document(id="x", text=build(n), lang="ru"))

    segment(size // 256)  # warm-up
    # work counted, not timed: 4x the input, linear is ~4x the steps, quadratic ~16x
    small, large = python_steps(lambda: segment(size // 64)), python_steps(lambda: segment(size // 16))
    assert large < 5 * small, (small, large)
    # the full size once: a hang guard for what the count cannot see (one regular expression's backtracking)
    text = build(size)
    started = time.perf_counter()
    segments = segment_document(Document(id="x", text=text, lang="ru"))
    assert time.perf_counter() - started < HANG_GUARD_SECONDS
    assert segments
    for segment in segments[:50]:
        assert segment.text == text[segment.start : segment.end]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Laut Prof. Schmidt gab es z. B. 20 Tote bzw. mehr."),
        ("de", "Das sagte u. a. Dr. Müller am Montag."),
        ("de", "Er meinte d. h. die Regierung."),
        ("pl", "Dr hab. Nowak potwierdził to, zob. str. 5 raportu."),
        ("fr", "Selon Mme Martin, le bilan est de 20 morts."),
        ("es", "La Sra. López lo confirmó, según el Dr. Pérez."),
    ],
)
def test_abbreviations_of_latin_languages_do_not_end_a_sentence(lang: str, text: str) -> None:
    # the language files of de, fr, es, pl; "z. B." is listed as "z.b" and found with its space
    assert sentences(text, load_languages()[lang].abbreviations) == [text]


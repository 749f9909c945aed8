"""Stories and fact slots on real analysed text: which figures are values of one fact, and which are not.

The cases come from real coverage (benchmarks/data/real/) and the seeds: a flag must
compare two values of the same fact at the same occasion, never two figures that merely
stand in similar sentences.
"""

from __future__ import annotations

import datetime

import pytest

from claimcmp.analysis import analyse_document
from claimcmp.config import FlagSettings
from claimcmp.facts import compare_facts, flag_pairs
from claimcmp.facts.frames import conflicting, frame_of, superseded
from claimcmp.facts.slots import link_score, mentions_of
from claimcmp.facts.stories import UNDATED, document_date, find_stories
from claimcmp.input.segmentation import segment_document
from claimcmp.records import Document, Pair, Segment

REFERENCE = datetime.date(2024, 9, 9)


def analysed(text: str, lang: str, doc: str, date: str | None = None) -> tuple[Document, list[Segment]]:
    document = Document(id=doc, text=text, lang=lang, date=date)
    return document, analyse_document(document, segment_document(document), REFERENCE)


def only_mention(text: str, lang: str, doc: str = "a"):  # type: ignore[no-untyped-def]
    _, segments = analysed(text, lang, doc)
    found = [m for s in segments for m in mentions_of(s)]
    assert len(found) == 1, found
    return found[0]


def no_cosine(a: str, b: str) -> float:
    return 0.0


# ----------------------------------------------------------------------------- frames


@pytest.mark.parametrize(
    ("text", "lang", "concept"),
    [
        ("Броят на жертвите нарасна: 34 загинали.", "bg", "killed"),
        ("Ещё свыше 1200 человек ранены.", "ru", "injured"),
        ("Щонайменше 1 204 людини поранені.", "uk", "injured"),
        ("Pyongyang sent 12 000 troops to Kursk.", "en", "soldiers"),
        ("Северная Корея создала 60 боеголовок.", "ru", "warheads"),
    ],
)
def test_a_figure_frame_names_what_it_counts(text: str, lang: str, concept: str) -> None:
    assert concept in only_mention(text, lang).frame.concepts


def test_two_figures_of_one_sentence_get_their_own_clauses() -> None:
    _, segments = analysed("Щонайменше 261 людина загинула і 650 отримали поранення.", "uk", "a")
    killed, injured = mentions_of(segments[0])
    assert "killed" in killed.frame.concepts and "injured" not in killed.frame.concepts
    assert "injured" in injured.frame.concepts and "killed" not in injured.frame.concepts


def test_a_list_item_inherits_what_happened_from_its_head() -> None:
    _, segments = analysed("84 людини отримали поранення, серед них 8 дітей.", "uk", "a")
    _, children = mentions_of(segments[0])
    assert {"injured", "children", "part"} <= children.frame.concepts


@pytest.mark.parametrize(
    ("a", "lang_a", "b", "lang_b"),
    [
        ("Погибли 26 человек.", "ru", "Ранени са 30 души.", "bg"),  # killed / injured
        ("Северная Корея создала 60 боеголовок.", "ru", "Сеул стверджує, що загинули 600 солдатів.", "uk"),
        ("Загиблими є 11-річний хлопчик.", "uk", "We already know of 20 deaths.", "en"),  # an age is no toll
    ],
)
def test_frames_of_different_facts_conflict(a: str, lang_a: str, b: str, lang_b: str) -> None:
    x, y = only_mention(a, lang_a, "a"), only_mention(b, lang_b, "b")
    assert conflicting(x.frame, y.frame)
    assert link_score(x, y, aligned=True, cosine=0.95) is None


def test_the_same_toll_in_two_languages_links() -> None:
    x = only_mention("Число погибших возросло до 32 человек.", "ru", "a")
    y = only_mention("Броят на загиналите достигна 34 души.", "bg", "b")
    found = link_score(x, y, aligned=False, cosine=0.9)
    assert found is not None and found[0] > 0.5 and found[1] >= 1


def test_closeness_of_the_values_alone_never_links() -> None:
    x = only_mention("Там было 32 человека.", "ru", "a")
    y = only_mention("Там бяха 34 души.", "bg", "b")
    assert link_score(x, y, aligned=False, cosine=0.5) is None


def test_an_earlier_figure_the_report_replaces_is_no_value() -> None:
    assert superseded("The committee had earlier put the number at 133.", "en")
    _, segments = analysed("The committee had earlier put the number at 133.", "en", "a")
    assert mentions_of(segments[0]) == []


def test_a_figure_in_quotation_marks_is_a_name() -> None:
    _, segments = analysed("По данным «112», количество жертв достигло 150.", "ru", "a")
    assert [m.text for m in mentions_of(segments[0])] == ["150"]


def test_the_counted_word_comes_from_beside_the_figure() -> None:
    # "країні" (country) elsewhere in the clause is not what 1 037 counts
    frame = frame_of("кількість загиблих через землетрус у країні сягнула 1 037", (52, 57), "uk")
    assert "countries" not in frame.concepts


# ----------------------------------------------------------------------------- stories


def test_documents_are_dated_by_metadata_dateline_and_anniversary() -> None:
    doc, segments = analysed("Сен 9, 2024 / 12:36\n\nПутин поздравил Ким Чен Ына.", "ru", "a")
    assert document_date(doc, segments) == "2024-09-09"
    doc, segments = analysed(
        "Писмата са по повод 78-ата годишнина от освобождението на Корея (1910-1945 г.).", "bg", "b"
    )
    assert document_date(doc, segments) == "2023"
    doc, segments = analysed("Путин написал письмо.", "ru", "c", date="2022-08-15T10:00:00")
    assert document_date(doc, segments) == "2022-08-15"


def test_stories_are_told_apart_by_date_and_undated_documents_stand_apart() -> None:
    docs = [
        analysed("Путин написал письмо.", "ru", "a", "2023-08-15"),
        analysed("Путин написал письмо.", "ru", "b", "2023-08-17"),
        analysed("Путин написал телеграмму.", "ru", "c", "2024-09-09"),
        analysed("Путин написал письмо.", "ru", "d"),
    ]
    stories = find_stories([d for d, _ in docs], [s for _, ss in docs for s in ss], story_days=10)
    assert [(s.docs, s.date) for s in stories] == [
        (("a", "b"), "2023-08"),
        (("c",), "2024-09-09"),
        (("d",), None),
    ]
    assert stories[-1].id == UNDATED


def test_figures_of_different_occasions_are_never_compared() -> None:
    da, sa = analysed("Писмата са по повод 78-ата годишнина.", "bg", "a", "2023-08-15")
    db, sb = analysed("Поздравления по случаю 76-й годовщины.", "ru", "b", "2024-09-09")
    pair = Pair(a=sa[0].id, b=sb[0].id, similarity=0.9, score=1.05, relation="equivalent")
    stories, facts, pairs = compare_facts([da, db], [*sa, *sb], [pair], no_cosine, 10, 0.5, 50)
    assert len(stories) == 2 and facts == ()
    assert not any(f.type == "number" for p in pairs for f in p.flags)


def test_a_disagreement_in_one_slot_is_flagged_beyond_best_matches() -> None:
    da, sa = analysed("В результате удара погибли 32 человека. Город в трауре.", "ru", "a", "2025-04-13")
    db, sb = analysed("Броят на загиналите при удара достигна 35 души. Градът е в траур.", "bg", "b", "2025-04-14")
    cosine = {(sa[0].id, sb[0].id): 0.9, (sb[0].id, sa[0].id): 0.9}
    stories, facts, pairs = compare_facts([da, db], [*sa, *sb], [], lambda a, b: cosine.get((a, b), 0.0), 10, 0.5, 50)
    assert len(stories) == 1
    (slot,) = facts
    assert slot.disagreement and "killed" in slot.name
    (pair,) = pairs
    assert pair.relation == "related" and pair.note and "killed" in pair.note
    (flag,) = pair.flags
    assert flag.type == "number" and "32" in flag.message and "35" in flag.message


def test_average_linkage_cuts_the_tree_as_scipy_does() -> None:
    numpy = pytest.importorskip("numpy")
    hierarchy = pytest.importorskip("scipy.cluster.hierarchy")
    distance_module = pytest.importorskip("scipy.spatial.distance")
    from claimcmp.facts.slots import average_linkage

    rng = numpy.random.default_rng(7)
    for _ in range(100):
        n = int(rng.integers(3, 30))
        distance = numpy.ones((n, n))
        for _ in range(2 * n):
            a, b = rng.integers(0, n, 2)
            if a != b:
                distance[a, b] = distance[b, a] = min(distance[a, b], rng.random())
        numpy.fill_diagonal(distance, 0.0)
        cut = float(rng.random())
        tree = hierarchy.linkage(distance_module.squareform(distance, checks=False), "average")
        expected = hierarchy.fcluster(tree, t=cut, criterion="distance")
        found = average_linkage(distance, cut)
        partition = {frozenset(i for i in range(n) if expected[i] == k) for k in set(expected)}
        assert partition == {frozenset(i for i in range(n) if found[i] == k) for k in set(found)}


def test_a_mention_joins_a_slot_only_when_close_to_all_of_it_on_average() -> None:
    from claimcmp.facts.slots import average_linkage

    # a and b are one fact (0.1 apart); c is close to b only (0.3) and far from a (1.0):
    # on average 0.65 from {a, b}, so at a cut of 0.5 it stays apart (single linkage would chain it)
    distance = [[0.0, 0.1, 1.0], [0.1, 0.0, 0.3], [1.0, 0.3, 0.0]]
    labels = average_linkage(distance, 0.5)
    assert labels[0] == labels[1] != labels[2]


# ----------------------------------------------------------------------------- real-coverage cases (issue 18)


@pytest.mark.parametrize(
    ("text", "lang", "concept"),
    [
        # the counted noun after "of the": "53.93% of the vote"
        ("The ruling party won the elections with 53.93% of the vote.", "en", "votes"),
        # the subject names a magnitude, not the noun beside the figure
        ("По-късно силата на труса бе определена като 7,2.", "bg", "magnitude"),
        ("Явка на референдуме составила 50,72%.", "ru", "turnout"),
        # "отне живота на 296 души": the figure counts the dead
        ("Това земетресение е отнело живота на 296 души.", "bg", "killed"),
    ],
)
def test_frames_of_real_sentences(text: str, lang: str, concept: str) -> None:
    assert concept in only_mention(text, lang).frame.concepts


def test_a_verb_that_happens_to_begin_like_a_concept_word_names_nothing() -> None:
    # "составила" (amounted to) is no "состав" (a train)
    assert "trains" not in only_mention("Магнитуда поздно ночью в пятницу составила 7,2.", "ru").frame.concepts


def test_a_risen_toll_is_the_value_reached_not_an_upper_bound() -> None:
    risen = only_mention("Число погибших возросло до 133 человек.", "ru").quantity
    bound = only_mention("Погибли до 60 человек.", "ru").quantity
    assert risen is not None and (risen.low, risen.value, risen.high) == (133.0, 133.0, 133.0)
    assert bound is not None and (bound.low, bound.high) == (None, 60.0)


def test_a_lower_bound_on_a_toll_allows_the_later_higher_count() -> None:
    from claimcmp.facts.slots import _compatible

    early = only_mention("Загинуло щонайменше 70 людей.", "uk")
    later = only_mention("Погибли 288 человек.", "ru", "b")
    assert _compatible(early, later)
    # a figure of no outcome keeps the reader's bound: "more than 10 000 troops" is not 100 000
    sent = only_mention("Пхеньян відправив понад 10 000 військових.", "uk")
    offered = only_mention("Ким предложил 100 000 солдат.", "ru", "b")
    assert not _compatible(sent, offered)


def test_values_of_one_slot_far_apart_are_flagged_though_never_linked_directly() -> None:
    # the first night's count and the count two days on: one slot through the outlets that agree with each
    texts = [
        ("ru", "По меньшей мере 296 человек погибли и около 150 ранены.", "2023-09-09"),
        ("bg", "Най-малко 296 са жертвите и 153 са ранените.", "2023-09-09"),
        ("uk", "Кількість поранених зросла до 672.", "2023-09-10"),
        ("en", "The number of injured rose to 672.", "2023-09-10"),
    ]
    documents, segments = [], []
    for n, (lang, text, date) in enumerate(texts):
        document, found = analysed(text, lang, f"d{n}", date)
        documents.append(document)
        segments += found
    _, facts, pairs = compare_facts(documents, segments, [], no_cosine, 10, 0.4, 50)
    injured = [s for s in facts if "injured" in s.name]
    assert len(injured) == 1, [(s.name, [v.text for v in s.values]) for s in facts]
    flagged = {frozenset((f.a.text, f.b.text)) for p in pairs for f in p.flags if f.type == "number" and f.a and f.b}
    assert frozenset(("около 150", "672")) in flagged
    assert frozenset(("153", "672")) in flagged


def test_a_translated_party_name_does_not_set_two_shares_apart() -> None:
    from claimcmp.facts.frames import Frame

    ru = Frame(frozenset({"votes"}), None, frozenset({("organisation", "hruzinsk-mecht")}), "ru")
    en = Frame(frozenset({"votes"}), None, frozenset({("organisation", "heorhian-dream-part")}), "en")
    other = Frame(frozenset({"votes"}), None, frozenset({("organisation", "koalic")}), "ru")
    assert not conflicting(ru, en)  # a party's name is translated, not transliterated
    assert conflicting(ru, other)  # two parties named in one language are two shares


def test_words_capitalised_in_a_language_without_name_rules_are_no_names() -> None:
    # German capitalises every noun: "Prozent" and "Wahlen" are no places
    mention = only_mention("Die Partei habe die Wahlen mit 54,08 Prozent der Wählerstimmen gewonnen.", "de")
    assert mention.frame.names == frozenset()


@pytest.mark.parametrize(
    ("a", "lang_a", "b", "lang_b"),
    [
        # a qualifier sets a count of things apart: two passenger trains of three trains in all
        ("Катастрофа двух пассажирских поездов.", "ru", "Three trains collided.", "en"),
    ],
)
def test_counts_of_different_things_conflict(a: str, lang_a: str, b: str, lang_b: str) -> None:
    assert conflicting(only_mention(a, lang_a).frame, only_mention(b, lang_b, "b").frame)


def test_voters_and_votes_are_one_count() -> None:
    people = only_mention("За проголосовали 751 235 человек.", "ru")
    votes = only_mention("Voters cast 743 446 votes in favour.", "en", "b")
    assert not conflicting(people.frame, votes.frame)


def test_trains_are_never_injured() -> None:
    _, segments = analysed("900 души са ранени при катастрофата на два влака.", "bg", "a")
    trains = [m for s in segments for m in mentions_of(s) if "trains" in m.frame.concepts]
    assert trains and "injured" not in trains[0].frame.concepts


def test_a_count_of_millions_and_thousands_is_one_figure() -> None:
    from claimcmp.analysis.quantities import find_quantities

    (found,) = find_quantities("явка перевищила понад 1 млн 560 тис. голосів", "uk")
    assert (found.value, found.low, found.high) == (1_560_000, 1_560_000, None)


def test_a_complete_count_is_no_value() -> None:
    _, segments = analysed("За результатами 100% бюлетенів Санду набрала 42,45%.", "uk", "a")
    assert [m.text for s in segments for m in mentions_of(s)] == ["42,45%"]


def test_the_date_an_event_was_held_is_not_the_date_its_results_were_published() -> None:
    held = only_mention("Референдум, который прошел 20 октября, завершился.", "ru")
    published = only_mention("Результати, які в понеділок, 21 жовтня, опублікувала ЦВК.", "uk", "b")
    assert "held" in held.frame.concepts and "published" in published.frame.concepts
    assert conflicting(held.frame, published.frame)


def test_an_article_history_is_no_value_of_the_story_it_tells() -> None:
    # no document dates the story, so the 1981 disaster is judged against today
    history, history_segments = analysed(
        "Największa katastrofa miała miejsce w 1981 roku, zginęło od 800 do 1000 osób.", "pl", "a"
    )
    today, today_segments = analysed("Zginęło co najmniej 288 osób.", "pl", "b")
    _, facts, _ = compare_facts([history, today], [*history_segments, *today_segments], [], no_cosine, 10, 0.4, 50)
    assert all("800" not in v.text for slot in facts for v in slot.values)


def test_history_two_articles_recall_is_no_value_of_an_undated_story() -> None:
    from claimcmp.facts.slots import _about_the_past

    # neither article gives its own story a year and both recall the 2004 quake: the latest year the
    # other article names is 2004, yet 2004 is ten years before today, so the statement is history
    _, (recalled,) = analysed("En février 2004, un séisme avait fait 628 morts.", "fr", "a")
    assert _about_the_past(recalled, latest=2004, story_dated=False)
    # a story dated 2004 (an article about that quake) keeps its own year's figures
    assert not _about_the_past(recalled, latest=2004, story_dated=True)
    _, (recent,) = analysed("En 2023, le séisme a fait 632 morts.", "fr", "a")
    assert not _about_the_past(recent, latest=2023, story_dated=False)


def test_rescuers_are_not_the_people_they_help() -> None:
    _, segments = analysed("Besides, 1,200 personnel rushed the injured to hospitals.", "en", "a")
    (personnel,) = [m for s in segments for m in mentions_of(s)]
    injured = only_mention("900 people were injured.", "en", "b")
    assert conflicting(personnel.frame, injured.frame)


def test_a_magnitude_is_stated_to_its_decimal() -> None:
    from claimcmp.facts.slots import _compatible

    seven = only_mention("Землетрясение магнитудой 7 всколыхнуло Марокко.", "ru")
    usgs = only_mention("The quake had a magnitude of 6.8.", "en", "b")
    assert not _compatible(seven, usgs)
    # a share stated in whole percent is the precise share rounded
    assert _compatible(
        only_mention("Партія отримала 53% голосів.", "uk"), only_mention("The party won 52.94% of the vote.", "en", "b")
    )


def test_the_subject_of_a_long_statement_names_its_only_figure() -> None:
    text = "Магнитуда толчков в районе горного хребта Высокий Атлас поздно ночью в пятницу составила 7,2."
    assert "magnitude" in only_mention(text, "ru").frame.concepts


def test_a_clause_in_another_language_than_its_statement_is_read_with_every_table() -> None:
    # a Bulgarian clause before an embedded English tweet, the statement taken for English
    mention = only_mention("По-късно силата на труса бе определена като 7,2. Horrific moment of collapse", "en")
    assert "magnitude" in mention.frame.concepts


def test_shares_are_near_or_far_in_points() -> None:
    from claimcmp.facts.slots import _closeness

    one_party = _closeness(
        only_mention("Партия набрала 54,2% голосов.", "ru"), only_mention("Won 53.93% of the vote.", "en", "b")
    )
    two_parties = _closeness(
        only_mention("Партия набрала 11,9% голосов.", "ru"), only_mention("Won 9.79% of the vote.", "en", "b")
    )
    assert one_party > 0.95 and two_parties < 0.8


def test_a_value_joined_to_a_toll_through_others_is_no_toll_unless_it_names_the_outcome() -> None:
    from claimcmp.facts.slots import Link, _indirect_links

    toll = only_mention("Погибли 288 человек.", "ru")
    travelled = only_mention("Pociągami podróżowało łącznie ponad 2200 osób.", "pl", "b")
    other = only_mention("Загинули 261 людина.", "uk", "c")
    links = [Link(toll, other, 0.9, False, 1), Link(other, travelled, 0.5, False, 0)]
    root = ("c:0", other.span)
    found = _indirect_links(links, {root: [toll, other, travelled]}, lambda key: key, {})
    assert found == []


def test_two_statements_that_share_a_figure_pair_their_other_figures_only() -> None:
    from claimcmp.facts.slots import _candidates

    # a translation (FLORES): "three of the nine victims" in both; the 3 of one is no value of the 9's slot
    ru = "Во время похорон Джеффри Уиза и трёх из девяти жертв прошли новости, что еще один студент был задержан."
    uk = (
        "Під час похорону Джеффа Вайза та трьох з дев'яти жертв поширилася новина, що ще один учень потрапив під арешт."
    )
    _, sa = analysed(ru, "ru", "a", "2024-05-01")
    _, sb = analysed(uk, "uk", "b", "2024-05-01")
    xs, ys = mentions_of(sa[0]), mentions_of(sb[0])
    links = _candidates(xs, ys, {(sa[0].id, sb[0].id)}, lambda a, b: 0.95, False, set())
    assert sorted((k.a.text, k.b.text) for k in links) == [("девяти", "дев'яти"), ("трёх", "трьох")]


def test_flights_to_59_destinations_are_59() -> None:
    from claimcmp.analysis.quantities import find_quantities

    (found,) = find_quantities("Турецькі авіалінії виконують рейси до 59 пунктів призначення.", "uk")
    assert (found.low, found.value, found.high) == (59.0, 59.0, 59.0)


def test_counts_that_add_up_make_their_total() -> None:
    _, segments = analysed(
        "Die vier mutmaßlichen Schützen und sieben weitere Verdächtige wurden festgenommen.", "de", "a"
    )
    assert [m.value for s in segments for m in mentions_of(s)] == ["4", "7", "11"]
    # two figures of two clauses are no sum
    _, segments = analysed("Погибли 26 человек и 30 ранены.", "ru", "b")
    assert [m.value for s in segments for m in mentions_of(s)] == ["26", "30"]


def test_eleven_detained_agrees_with_four_gunmen_and_seven_more() -> None:
    da, sa = analysed("Четирима терористи и още седем души са арестувани.", "bg", "a", "2024-03-23")
    db, sb = analysed("Eleven suspects, including four gunmen, have been arrested.", "en", "b", "2024-03-23")
    pair = Pair(a=sa[0].id, b=sb[0].id, similarity=0.95, score=1.1, relation="equivalent")
    cosine = {(sa[0].id, sb[0].id): 0.95, (sb[0].id, sa[0].id): 0.95}
    flagged = flag_pairs([pair], [*sa, *sb], FlagSettings())
    _, _, pairs = compare_facts([da, db], [*sa, *sb], flagged, lambda a, b: cosine.get((a, b), 0.0), 10, 0.3, 50)
    assert not any(f.type == "number" for p in pairs for f in p.flags), [f.message for p in pairs for f in p.flags]


def test_the_magnitude_of_one_quake_is_one_fact_wherever_the_clause_places_it() -> None:
    moscow = only_mention("В субботу Марокко всколыхнуло землетрясение магнитудой 7.", "ru")
    atlas = only_mention("Магнитуда толчков в районе хребта Высокий Атлас составила 7,2.", "ru", "b")
    assert not conflicting(moscow.frame, atlas.frame)
    # a toll still tells places apart: two cities, two strikes
    kharkiv = only_mention("В Харькове погибли 5 человек.", "ru")
    sumy = only_mention("В Сумах погибли 7 человек.", "ru", "b")
    assert conflicting(kharkiv.frame, sumy.frame)


def test_a_slot_is_named_only_by_what_most_of_its_values_name() -> None:
    from claimcmp.facts.frames import Frame, slot_name

    shares = [Frame(frozenset({"votes"}), None), Frame(frozenset({"votes"}), None)]
    against = Frame(frozenset({"votes", "voted_against"}), None)
    assert slot_name([*shares, against], "figure") == "votes"
    assert slot_name([against, against, shares[0]], "figure") == "votes voted against"


@pytest.mark.parametrize(
    ("text", "concepts"),
    [
        # real: benchmarks/data/real_languages/morocco_earthquake_2023/03_es_losperiodistas-elpais.txt
        (
            "Un fuerte terremoto ha causado al menos 1.037 muertos y 1.200 heridos, según el Ministerio del Interior.",
            [{"killed"}, {"injured"}],
        ),
        # real: .../04_es_larazon.txt ("víctimas mortales" are the dead; "Casablanca" is no house)
        ("Al Haouz, con 1.293 fallecidos, seguida de Taroudant (452 víctimas mortales).", [{"killed"}, {"killed"}]),
        ("Los heridos ascienden a 2.059, según el ministerio.", [{"injured"}]),
        ("Casablanca (3) y Marrakech (15).", [set(), set()]),
    ],
)
def test_spanish_figures_name_what_they_count(text: str, concepts: list[set[str]]) -> None:
    _, segments = analysed(text, "es", "a")
    found = [m.frame.concepts & {"killed", "injured", "buildings"} for s in segments for m in mentions_of(s)]
    assert found == concepts


@pytest.mark.parametrize(
    ("text", "lang", "sent"),
    [
        # real: benchmarks/data/real_languages/morocco_earthquake_2023/05_sr_pink.txt ("poslova" are affairs)
        (
            "Ministarstvo unutrašnjih poslova Maroka saopštilo je jutros da je najmanje 296 ljudi poginulo.",
            "sr",
            False,
        ),
        # "posle" (after) and "posljednjih" (last) send nothing
        ("Zemljotres se dogodio nešto posle 23 sata po lokalnom vremenu.", "sr", False),
        ("Nije pogodio Maroko u posljednjih 100 godina.", "hr", False),
        ("Srbija je poslala 50 spasilaca u Maroko.", "sr", True),
        ("U Maroko je poslano 60 spasilaca.", "hr", True),
    ],
)
def test_serbian_and_croatian_words_beginning_like_sent_send_nothing(text: str, lang: str, sent: bool) -> None:
    assert ("sent" in only_mention(text, lang).frame.concepts) is sent


def test_a_breakdown_by_place_is_parts_not_the_whole() -> None:
    # real: leral.net (benchmarks/data/real_languages/morocco_earthquake_2023/01_fr_leral.txt)
    _, segments = analysed(
        "Dans le détail, 290 personnes ont été tuées dans la province d’Al Haouz, 190 dans la province de "
        "Taroudant, 89 dans la province de Chichaoua.",
        "fr",
        "a",
    )
    parts = [m for s in segments for m in mentions_of(s)]
    assert [m.text for m in parts] == ["290", "190", "89"] and all(m.frame.part for m in parts)
    total = only_mention("Le séisme a fait 632 morts.", "fr", "b")
    assert not total.frame.part
    assert all(conflicting(part.frame, total.frame) for part in parts)
    # the same province's toll in another article is a value of that part
    province = only_mention("Le séisme a fait 191 morts dans la province de Taroudant.", "fr", "c")
    assert not conflicting(parts[1].frame, province.frame)


def test_a_long_list_of_counts_is_a_breakdown_and_shares_are_not() -> None:
    _, segments = analysed(
        "La mayoría de fallecidos está en Al Hauz, con 1.293 muertos; Tarudant, con 452 muertos; Chichaoua, "
        "con 191 muertos; Uarzazate, con 41 muertos.",
        "es",
        "a",
    )
    assert all(m.frame.part for s in segments for m in mentions_of(s))
    _, shares = analysed("Санду набрала 42,45%, Стояногло — 25,98%, Усатый — 13,79%, Тарлев — 6,41%.", "ru", "b")
    assert not any(m.frame.part for s in shares for m in mentions_of(s))


@pytest.mark.parametrize(
    ("aftershock", "main", "lang"),
    [
        # real: pink.rs and El País copies in benchmarks/data/real_languages/morocco_earthquake_2023
        ("Američka agencija je izvestila o naknadnom potresu jačine 4,9 stepeni Rihterove skale.",
         "Zemljotres jačine 6,8 stepeni Rihterove skale pogodio je Maroko.", "sr"),
        ("Una réplica de magnitud 4,9 se dejó sentir una hora más tarde.",
         "El sismo, de magnitud 6,8, sacudió Marruecos.", "es"),
        ("첫 지진 발생 19분 후 규모 4.9의 여진이 일어났다.", "모로코에서 규모 6.8의 강진이 발생했다.", "ko"),
    ],
)  # fmt: skip
def test_an_aftershock_is_not_the_main_shock(aftershock: str, main: str, lang: str) -> None:
    after, shock = only_mention(aftershock, lang), only_mention(main, lang, "b")
    assert "magnitude" in after.frame.concepts and "magnitude" in shock.frame.concepts
    assert conflicting(after.frame, shock.frame)


def test_korean_tolls_name_what_happened() -> None:
    # real: https://www.edaily.co.kr/news/read?newsId=01617046635738480&mediaCodeNo=257
    _, segments = analysed(
        "모로코 내무부는 지진으로 인한 사망자 수가 최소 632명이며, 부상자는 최소 329명으로 집계됐다고 밝혔다.",
        "ko",
        "a",
    )
    killed, injured = [m for s in segments for m in mentions_of(s)]
    assert "killed" in killed.frame.concepts and "injured" in injured.frame.concepts
    assert conflicting(killed.frame, injured.frame)

"""Numbers and dates by locale: what the readers find in sentences of each CLDR-backed language.

``python -m benchmarks.locale_facts [--dateparser]``

Each sentence below comes with the figures and dates a reader should find: figures as
:func:`~claimcmp.analysis.quantities.describe_quantity` writes them (``≥630``, ``≈70 km``,
``800–1,000``), dates as (text, ISO value); weekdays have no value (no reference date is
given). Sentences marked ``real`` are from the articles under ``benchmarks/data/real``; the
others are written for this set (there are no French, Spanish or Serbian real articles; the Korean
ones are from Korean coverage of the Morocco earthquake, each with its URL).

A figure or date counts as found when the reader gives exactly that description or text and
value; "extra" counts what it gives beyond the expected ones (false readings). The last two
columns read the same sentences with the language unknown (``und``: every table together,
conflicting forms dropped), which is what a mislabelled article gets.
"""

from __future__ import annotations

import argparse
from collections import Counter
from typing import NamedTuple

from claimcmp.analysis.dates import find_dates
from claimcmp.analysis.quantities import describe_quantity, find_quantities


class Case(NamedTuple):
    lang: str
    text: str
    numbers: tuple[str, ...]
    dates: tuple[tuple[str, str | None], ...] = ()
    real: bool = False


CASES = [
    # German
    Case("de", "Nach dem Anschlag auf das Veranstaltungszentrum Crocus City Hall bei Moskau ist die Zahl der Toten "
         "laut Behörden auf 133 gestiegen.", ("133",), (), True),
    Case("de", "Die vier mutmaßlichen Schützen und sieben weitere Verdächtige wurden nach Angaben des russischen "
         "Inlandsgeheimdienstes festgenommen.", ("4", "7"), (), True),
    Case("de", "Die Zahl der Toten geben die Behörden mit mindestens 630 an.", ("≥630",), (), True),
    Case("de", "Das Epizentrum lag etwa 70 Kilometer südwestlich von Marrakesch im dünn besiedelten Atlas-Gebirge.",
         ("≈70 km",), (), True),
    Case("de", "Die Idee eines Beitritts wurde von 721.760 Wählern unterstützt, 721.672 Menschen stimmten dagegen.",
         ("721,760", "721,672"), (), True),
    Case("de", "Er sagte, dass die regierende Partei Georgischer Traum die Wahlen mit 54,08 Prozent der "
         "Wählerstimmen gewonnen habe.", ("54.08 %",), (), True),
    Case("de", "Nach Angaben ukrainischer Behörden schlugen am Sonntag, an Palmsonntag, gegen 10.15 Uhr zwei "
         "ballistische Raketen in der Stadt ein.", ("2",), (("Sonntag", None),), True),
    Case("de", "Viele Menschen hatten am Freitagabend ein Konzert dort besuchen wollen.", (),
         (("Freitagabend", None),), True),
    Case("de", "Das Treffen fand am 15. August 2024 in Berlin statt, mehr als 100.000 Menschen nahmen teil.",
         ("≥100,000",), (("15. August 2024", "2024-08-15"),)),
    Case("de", "Rund 1.234,5 Tonnen Hilfsgüter kamen am 2. Oktober an, bis zu 40 Prozent davon Medikamente.",
         ("≈1,234.5 t", "≤40 %"), (("2. Oktober", "--10-02"),)),
    # Polish
    Case("pl", "Zginęło co najmniej 40 osób, ponad sto, w tym dzieci, odniosło obrażenia — to ostatnie dane, jakie "
         "oficjalnie zostały opublikowane w piątek.", ("≥40", "≥100"), (("piątek", None),), True),
    Case("pl", "Liczba ofiar śmiertelnych trzęsienia ziemi, które nawiedziło w piątek wieczorem Maroko, wzrosła do "
         "820, a rannych do co najmniej 672 - poinformowało w sobotę MSW tego kraju.", ("820", "≥672"),
         (("piątek", None), ("sobotę", None)), True),
    Case("pl", "Turcja, gdzie w lutym w trzęsieniu ziemi zginęło ponad 5 tys. ludzi, powiadomiła, że jest gotowa do "
         "udzielania wsparcia.", ("≥5,000",), (("lutym", "--02"),), True),
    Case("pl", "Ponad 280 osób nie żyje, blisko 1000 rannych.", ("≥280", "≈1,000"), (), True),
    Case("pl", "Największa katastrofa w tym kraju miała miejsce w 1981 roku, kiedy pociąg wykoleił się na moście i "
         "wpadł do rzeki - zginęło od 800 do 1000 osób.", ("800–1,000",), (("1981 roku", "1981"),), True),
    Case("pl", "Do katastrofy doszło wskutek wykolejenia się dwóch wagonów jednego z pociągów.", ("2",), (), True),
    Case("pl", "W piątek ok. godz. 20.00 miejscowego czasu (18.00 w Polsce) w sali koncertowej Crocus City Hall "
         "doszło do zamachu terrorystycznego.", (), (("piątek", None),), True),
    Case("pl", "Spotkanie odbyło się 16 sierpnia 2024 r. w Warszawie, wzięło w nim udział około 100.000 osób.",
         ("≈100,000",), (("16 sierpnia 2024 r.", "2024-08-16"),)),
    Case("pl", "Koszty wyniosły 1 234,5 mln zł.", ("1,234,500,000 PLN",)),
    # Croatian
    Case("hr", "Više od 200 ljudi je poginulo, a 900 ozlijeđeno nakon sudara tri vlaka u petak navečer u istočnoj "
         "indijskoj državi Odisha.", ("≥200", "900", "3"), (("petak", None),), True),
    Case("hr", "Oko 200 vozila hitne pomoći poslano je na mjesto događaja u okrugu Balasore.", ("≈200",), (), True),
    Case("hr", "Lokalna vatrogasna služba izvijestila je da je do sada izvučeno preko 200 tijela.", ("≥200",), (),
         True),
    Case("hr", "Nesreća se dogodila 2. lipnja 2023. u Odishi, a poginulo je najmanje 288 ljudi.", ("≥288",),
         (("2. lipnja 2023.", "2023-06-02"),)),
    Case("hr", "Šteta je procijenjena na 1.500 milijuna eura.", ("1,500,000,000 EUR",)),
    # French
    Case("fr", "Au moins 40 personnes ont été tuées le 15 août 2024 dans l'attaque, selon les autorités.", ("≥40",),
         (("15 août 2024", "2024-08-15"),)),
    Case("fr", "Plus de 100 000 personnes ont manifesté samedi à Paris.", ("≥100,000",), (("samedi", None),)),
    Case("fr", "Le bilan s'élève à soixante-dix-sept morts et environ 300 blessés.", ("77", "≈300")),
    Case("fr", "Le gouvernement a débloqué 3,5 millions d'euros d'aide d'urgence.", ("3,500,000 EUR",)),
    Case("fr", "Le séisme de magnitude 6,8 a frappé le Maroc le 8 septembre 2023 vers 23 h.", ("6.8",),
         (("8 septembre 2023", "2023-09-08"),)),
    Case("fr", "Le taux de participation a atteint 54,08 pour cent.", ("54.08 %",)),
    Case("fr", "Entre 10 et 15 millions d'euros ont été promis en mars.", ("10,000,000–15,000,000 EUR",),
         (("mars", "--03"),)),
    Case("fr", "La réunion du 1er juillet a réuni 1 234,5 tonnes d'aide.", ("1,234.5 t",),
         (("1er juillet", "--07-01"),)),
    # Spanish
    Case("es", "Al menos 40 personas murieron el 15 de agosto de 2024, según las autoridades.", ("≥40",),
         (("15 de agosto de 2024", "2024-08-15"),)),
    Case("es", "Más de 100.000 personas se manifestaron el sábado en Madrid.", ("≥100,000",), (("sábado", None),)),
    Case("es", "El balance es de unos veinticinco muertos y cerca de 300 heridos.", ("≈25", "≈300")),
    Case("es", "El Gobierno aprobó 3,5 millones de euros en ayudas.", ("3,500,000 EUR",)),
    Case("es", "El terremoto de magnitud 6,8 sacudió Marruecos el 8 de septiembre de 2023.", ("6.8",),
         (("8 de septiembre de 2023", "2023-09-08"),)),
    Case("es", "La participación alcanzó el 54,08 por ciento.", ("54.08 %",)),
    Case("es", "Entre 10 y 15 millones de euros fueron prometidos en marzo.", ("10,000,000–15,000,000 EUR",),
         (("marzo", "--03"),)),
    # Serbian, both scripts
    Case("sr", "Најмање 40 људи погинуло је 15. августа 2024. године, саопштиле су власти.", ("≥40",),
         (("15. августа 2024. године", "2024-08-15"),)),
    Case("sr", "Najmanje 40 ljudi poginulo je 15. avgusta 2024. godine, saopštile su vlasti.", ("≥40",),
         (("15. avgusta 2024. godine", "2024-08-15"),)),
    Case("sr", "Више од 100.000 људи протестовало је у суботу у Београду.", ("≥100,000",), (("суботу", None),)),
    Case("sr", "Više od 100.000 ljudi protestovalo je u subotu u Beogradu.", ("≥100,000",), (("subotu", None),)),
    Case("sr", "Око 300 људи је повређено, а штета је процењена на 3,5 милиона евра.", ("≈300", "3,500,000 EUR")),
    Case("sr", "Oko 300 ljudi je povređeno, a šteta je procenjena na 3,5 miliona evra.", ("≈300", "3,500,000 EUR")),
    Case("sr", "Izlaznost je iznosila 54,08 odsto, a sastanak je održan 1. septembra.", ("54.08 %",),
         (("1. septembra", "--09-01"),)),
    Case("sr", "Двадесет пет хиљада динара исплаћено је у 18.00 часова.", ("25,000 RSD",)),
    # Bosnian: https://saff.ba/broj-poginulih-u-zemljotresu-u-maroku-povecan-na-2-012 (real), and written
    Case("bs", "Najmanje 2.012 osoba je poginulo, a 2.059 je povrijeđeno u snažnom zemljotresu koji je pogodio Maroko, "
         "saopštilo je Ministarstvo unutrašnjih poslova, javlja Anadolu.", ("≥2,012", "2,059"), (), True),
    Case("bs", "Među povrijeđenima su 1.404 osobe u kritičnom stanju.", ("1,404",), (), True),
    Case("bs", "Zemljotres se dogodio 15. augusta 2023. godine, a šteta je procijenjena na 3,5 miliona maraka.",
         ("3,500,000 BAM",), (("15. augusta 2023. godine", "2023-08-15"),)),
    Case("bs", "Oko 5 hiljada ljudi okupilo se u augustu u Sarajevu.", ("≈5,000",), (("augustu", "--08"),)),
    # Korean: real sentences of Korean coverage of the Morocco earthquake (pages search corpus; URL in each
    # comment; the dates have no year, so their value is the month-day or none for a bare day)
    # https://www.edaily.co.kr/news/read?newsId=01617046635738480&mediaCodeNo=257
    Case("ko", "북아프리카 모로코에서 발생한 규모 6.8 강진으로 최소 632명이 사망했다.", ("6.8", "≥632"), (), True),
    Case("ko", "9일(현지시간) 영국 BBC에 따르면 모로코 내무부는 지진으로 인한 사망자 수가 최소 632명이며, 부상자는 "
         "최소 329명으로 집계됐다고 밝혔다.", ("≥632", "≥329"), (("9일", None),), True),
    Case("ko", "미국 지질조사국(USGS)에 따르면 이번 지진은 이날 오후 11시 11분쯤 마라케시 남서쪽으로 71km 떨어진 "
         "아틀라스 산맥 근처에서 발생했다.", ("71 km",), (), True),
    Case("ko", "지난 2004년 모로코 북동부 알 호세이마에서는 규모 6.3 지진이 발생해 628명이 숨지고 926명이 다쳤다.",
         ("6.3", "628", "926"), (("2004년", "2004"),), True),
    # https://korea-daily.com/2023/09/09/ (모로코, 규모 6.8 강진으로 800명 이상 사망)
    Case("ko", "북아프리카 모로코에서 8일 밤에 규모 6.8의 지진이 발생하여 800명 이상이 사망하고 600여명이 다쳤습니다.",
         ("6.8", "≥800", "≥600"), (("8일", None),), True),
    Case("ko", "인명 피해에 대해서는 약 35%의 사망 가능성으로 ‘황색 경보’를 내렸으며, 최대 1만명의 사망자가 발생할 수 "
         "있다고 전망하고 있습니다.", ("≈35 %", "≤10,000"), (), True),
    # https://m.sedaily.com/NewsViewAmp/29UNNMMYPF
    Case("ko", "12일(현지시간) 로이터통신 등에 따르면 모로코 내무부는 지진으로 인한 사망자가 2901명, "
         "부상자가 5530명으로 집계했다.", ("2,901", "5,530"), (("12일", None),), True),
    Case("ko", "미국 지질조사국(USGS)에 따르면 이번 지진은 지난 8일 오후 11시 11분 마라케시에서 남서쪽으로 "
         "약 70㎞ 떨어진 아틀라스산맥의 산악 지역에서 발생했다.", ("≈70 km",), (("지난 8일", None),), True),
    # https://www.edaily.co.kr/news/read?newsId=01443206635738480&mediaCodeNo=257
    Case("ko", "1980년엔 7.3규모의 지진이 발생 2500여명이 사망했고 2004년에도 지진으로 최소 600여명이 넘는 인구가 "
         "사망했다.", ("7.3", "≥2,500", "≥600"), (("1980년", "1980"), ("2004년", "2004")), True),
    # written
    Case("ko", "정부는 2024년 8월 15일 3만5천 명에게 1억 2천만 원을 지원했다.", ("35,000", "120,000,000 KRW"),
         (("2024년 8월 15일", "2024-08-15"),)),
]  # fmt: skip

LANGUAGES = ("de", "fr", "es", "pl", "sr", "hr", "bs", "ko")


def read(case: Case, lang: str) -> tuple[list[str], list[tuple[str, str | None]]]:
    """The figures and dates the readers give for ``case`` read as ``lang``."""
    numbers = [describe_quantity(q) for q in find_quantities(case.text, lang)]
    dates = [(d.text, d.value) for d in find_dates(case.text, lang)]
    return numbers, dates


def score(expected: tuple, found: list) -> tuple[int, int]:
    """(expected items found, found items not expected), counted with repeats."""
    want, got = Counter(expected), Counter(found)
    hit = sum((want & got).values())
    return hit, sum(got.values()) - hit


def measure() -> list[dict[str, object]]:
    rows = []
    for lang in LANGUAGES:
        cases = [c for c in CASES if c.lang == lang]
        row: dict[str, object] = {"lang": lang, "sentences": len(cases), "real": sum(c.real for c in cases)}
        for label, read_as in (("", lang), ("und_", "und")):
            n_hit = n_extra = d_hit = d_extra = 0
            for case in cases:
                numbers, dates = read(case, read_as)
                h, e = score(case.numbers, numbers)
                n_hit, n_extra = n_hit + h, n_extra + e
                h, e = score(case.dates, dates)
                d_hit, d_extra = d_hit + h, d_extra + e
            row[label + "numbers"] = (n_hit, sum(len(c.numbers) for c in cases), n_extra)
            row[label + "dates"] = (d_hit, sum(len(c.dates) for c in cases), d_extra)
        rows.append(row)
    return rows


def misses() -> list[str]:
    """Each sentence whose reading differs from the expected one, for a reader of the table."""
    out = []
    for case in CASES:
        numbers, dates = read(case, case.lang)
        if Counter(numbers) != Counter(case.numbers) or Counter(dates) != Counter(case.dates):
            out.append(f"{case.lang}: {case.text[:60]}… numbers {numbers} dates {dates}")
    return out


def dateparser_rows() -> list[tuple[str, int, int, int, float]]:
    """The dates of the same sentences by ``dateparser.search.search_dates`` (BSD), for comparison.

    Per language: (lang, expected dates found, expected, others it gives, ms per sentence). A found
    date counts when its text contains the expected text and its value agrees (a day and month
    without a year: day and month), so dateparser's wider spans are not held against it. Imported here only:
    claimcmp does not use it (see BENCHMARKS.md, "Numbers and dates by locale").
    """
    import datetime
    import time

    from dateparser.search import search_dates

    base = datetime.datetime(2024, 9, 9)
    rows = []
    for lang in LANGUAGES:
        cases = [c for c in CASES if c.lang == lang]
        hit = extra = 0
        started = time.perf_counter()
        for case in cases:
            found = search_dates(case.text, languages=[lang], settings={"RELATIVE_BASE": base}) or []
            left = list(case.dates)
            for text, when in found:
                # lenient: the span need only contain the expected date ("am 15. August 2024" for
                # "15. August 2024"); a weekday counts by name, a date by its value
                match = next(
                    ((t, v) for t, v in left if t in text and (v is None or v.lstrip("-") in when.date().isoformat())),
                    None,
                )
                if match is None:
                    extra += 1
                else:
                    left.remove(match)
                    hit += 1
        ms = (time.perf_counter() - started) * 1000 / len(cases)
        rows.append((lang, hit, sum(len(c.dates) for c in cases), extra, ms))
    return rows


def _cell(value: object) -> str:
    assert isinstance(value, tuple)
    hit, expected, extra = value
    return f"{hit}/{expected}" + (f" (+{extra})" if extra else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dateparser", action="store_true", help="also read the dates with dateparser")
    args = parser.parse_args(argv)
    rows = measure()
    print("| lang | sentences (real) | numbers found/expected | dates found/expected | numbers, lang unknown |"
          " dates, lang unknown |")  # fmt: skip
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(
            f"| {r['lang']} | {r['sentences']} ({r['real']}) | {_cell(r['numbers'])} | {_cell(r['dates'])} |"
            f" {_cell(r['und_numbers'])} | {_cell(r['und_dates'])} |"
        )
    for line in misses():
        print("miss:", line)
    if args.dateparser:
        print("\n| lang | dateparser: dates found/expected (lenient spans) | other dates it gives | ms per sentence |")
        print("| --- | --- | --- | --- |")
        for lang, hit, expected, extra, ms in dateparser_rows():
            print(f"| {lang} | {hit}/{expected} | {extra} | {ms:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

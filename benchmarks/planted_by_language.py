"""Planted disagreements, one language at a time, through the whole pipeline with the built-in model.

``python -m benchmarks.planted_by_language``

For each language, a short article written for this benchmark (four statements: a toll given as a
lower bound, a meeting with its date and place, a speaker with an exact figure, a sentence without
facts) is compared with three copies of itself, each with one change planted: the exact figure
(2,000 → 3,000 soldiers), the date (the 15th → the 16th) or the place (Berlin → Paris). Names are
flagged only when the alias table knows both (``data/entities/aliases.toml``), so the planted
place is a capital it knows in every language. A planted change is found when the comparison raises a flag of
its type (``number``, ``date``, ``entity``) on the changed statement; any other flag is a false
flag. Serbian is written once in each script; Bosnian and Croatian use the tables of ``same_as``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

from claimcmp import Settings, compare


class Article(NamedTuple):
    label: str
    lang: str
    text: str
    number: tuple[str, str]
    date: tuple[str, str]
    name: tuple[str, str]


ARTICLES = [
    Article("en", "en", "At least 630 people were killed in the earthquake, the interior ministry said.\n\n"
            "Donor countries met on 15 August in Berlin to discuss aid.\n\n"
            "Prime Minister Aziz Akhannouch said 2,000 soldiers had been sent to the area.\n\n"
            "Rescue teams are still searching the mountain villages.",
            ("2,000", "3,000"), ("15 August", "16 August"), ("Berlin", "Paris")),
    Article("ru", "ru", "По данным МВД, при землетрясении погибли не менее 630 человек.\n\n"
            "Страны-доноры встретились 15 августа в Берлине, чтобы обсудить помощь.\n\n"
            "Премьер-министр Азиз Аханнуш заявил, что в район направлены 2000 военных.\n\n"
            "Спасатели продолжают поиски в горных деревнях.",
            ("2000", "3000"), ("15 августа", "16 августа"), ("Берлине", "Париже")),
    Article("uk", "uk", "За даними МВС, внаслідок землетрусу загинули щонайменше 630 людей.\n\n"
            "Країни-донори зустрілися 15 серпня в Берліні, щоб обговорити допомогу.\n\n"
            "Прем'єр-міністр Азіз Аханнуш заявив, що до району направили 2000 військових.\n\n"
            "Рятувальники продовжують пошуки в гірських селах.",
            ("2000", "3000"), ("15 серпня", "16 серпня"), ("Берліні", "Парижі")),
    Article("bg", "bg", "Според МВР най-малко 630 души са загинали при земетресението.\n\n"
            "Страните донори се срещнаха на 15 август в Берлин, за да обсъдят помощта.\n\n"
            "Премиерът Азиз Ахануш заяви, че в района са изпратени 2000 военни.\n\n"
            "Спасителите продължават търсенето в планинските села.",
            ("2000", "3000"), ("15 август", "16 август"), ("Берлин", "Париж")),
    Article("de", "de", "Nach Angaben des Innenministeriums kamen bei dem Erdbeben mindestens 630 Menschen "
            "ums Leben.\n\n"
            "Die Geberländer trafen sich am 15. August in Berlin, um über Hilfe zu beraten.\n\n"
            "Regierungschef Aziz Akhannouch sagte, 2000 Soldaten seien in die Region geschickt worden.\n\n"
            "Die Rettungskräfte suchen weiter in den Bergdörfern.",
            ("2000", "3000"), ("15. August", "16. August"), ("Berlin", "Paris")),
    Article("fr", "fr", "Selon le ministère de l'Intérieur, au moins 630 personnes ont été tuées dans le séisme.\n\n"
            "Les pays donateurs se sont réunis le 15 août à Berlin pour discuter de l'aide.\n\n"
            "Le chef du gouvernement Aziz Akhannouch a déclaré que 2000 soldats avaient été envoyés dans la région.\n\n"
            "Les secouristes poursuivent les recherches dans les villages de montagne.",
            ("2000", "3000"), ("15 août", "16 août"), ("Berlin", "Paris")),
    Article("es", "es", "Según el Ministerio del Interior, al menos 630 personas murieron en el terremoto.\n\n"
            "Los países donantes se reunieron el 15 de agosto en Berlín para debatir la ayuda.\n\n"
            "El jefe del Gobierno, Aziz Ajanuch, dijo que 2000 soldados fueron enviados a la zona.\n\n"
            "Los equipos de rescate siguen buscando en las aldeas de montaña.",
            ("2000", "3000"), ("15 de agosto", "16 de agosto"), ("Berlín", "París")),
    Article("pl", "pl", "Według MSW w trzęsieniu ziemi zginęło co najmniej 630 osób.\n\n"
            "Kraje darczyńcy spotkały się 15 sierpnia w Berlinie, aby omówić pomoc.\n\n"
            "Premier Aziz Achannusz powiedział, że w rejon wysłano 2000 żołnierzy.\n\n"
            "Ratownicy wciąż przeszukują górskie wioski.",
            ("2000", "3000"), ("15 sierpnia", "16 sierpnia"), ("Berlinie", "Paryżu")),
    Article("sr (Cyrillic)", "sr", "Према подацима МУП-а, у земљотресу је погинуло најмање 630 људи.\n\n"
            "Земље донатори састале су се 15. августа у Берлину да разговарају о помоћи.\n\n"
            "Премијер Азиз Ахануш изјавио је да је у област послато 2000 војника.\n\n"
            "Спасиоци и даље претражују планинска села.",
            ("2000", "3000"), ("15. августа", "16. августа"), ("Берлину", "Паризу")),
    Article("sr (Latin)", "sr", "Prema podacima MUP-a, u zemljotresu je poginulo najmanje 630 ljudi.\n\n"
            "Zemlje donatori sastale su se 15. avgusta u Berlinu da razgovaraju o pomoći.\n\n"
            "Premijer Aziz Ahanuš izjavio je da je u oblast poslato 2000 vojnika.\n\n"
            "Spasioci i dalje pretražuju planinska sela.",
            ("2000", "3000"), ("15. avgusta", "16. avgusta"), ("Berlinu", "Parizu")),
    Article("hr", "hr", "Prema podacima ministarstva, u potresu je poginulo najmanje 630 ljudi.\n\n"
            "Zemlje donatori sastale su se 15. kolovoza u Berlinu kako bi razgovarale o pomoći.\n\n"
            "Premijer Aziz Ahanuš izjavio je da je u to područje poslano 2000 vojnika.\n\n"
            "Spasioci i dalje pretražuju planinska sela.",
            ("2000", "3000"), ("15. kolovoza", "16. kolovoza"), ("Berlinu", "Parizu")),
    Article("bs", "bs", "Prema podacima ministarstva, u zemljotresu je poginulo najmanje 630 osoba.\n\n"
            "Zemlje donatori sastale su se 15. augusta u Berlinu kako bi razgovarale o pomoći.\n\n"
            "Premijer Aziz Ahanuš izjavio je da je u to područje poslano 2000 vojnika.\n\n"
            "Spasioci i dalje pretražuju planinska sela.",
            ("2000", "3000"), ("15. augusta", "16. augusta"), ("Berlinu", "Parizu")),
    Article("ko", "ko", "내무부에 따르면 이번 지진으로 최소 630명이 숨졌다.\n\n"
            "지원국들은 8월 15일 베를린에서 만나 지원 방안을 논의했다.\n\n"
            "아지즈 아카누슈 총리는 2000명의 군인이 현장에 파견됐다고 말했다.\n\n"
            "구조대는 산간 마을에서 수색을 계속하고 있다.",
            ("2000", "3000"), ("8월 15일", "8월 16일"), ("베를린", "파리")),
]  # fmt: skip

KINDS = ("number", "date", "entity")


def planted(article: Article, kind: str) -> str:
    old, new = {"number": article.number, "date": article.date, "entity": article.name}[kind]
    assert article.text.count(old) == 1, (article.label, old)
    return article.text.replace(old, new)


def measure(settings: Settings) -> list[dict[str, object]]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for article in ARTICLES:
            row: dict[str, object] = {"label": article.label}
            false_flags = 0
            for kind in KINDS:
                a, b = Path(folder, "a.txt"), Path(folder, "b.txt")
                a.write_text(article.text, encoding="utf-8")
                b.write_text(planted(article, kind), encoding="utf-8")
                comparison = compare([a, b], settings)
                labels = {d.id: d.lang for d in comparison.documents}
                assert set(labels.values()) == {article.lang}, (article.label, labels)
                flags = [f for p in comparison.pairs for f in p.flags]
                row[kind] = any(f.type == kind for f in flags)
                false_flags += sum(1 for f in flags if f.type != kind)
            row["false"] = false_flags
            rows.append(row)
    return rows


def main(argv: list[str]) -> int:
    rows = measure(Settings())
    print("| language | number planted → flag | date planted → flag | name planted → flag | other flags |")
    print("| --- | --- | --- | --- | --- |")
    for row in rows:
        cells = ["yes" if row[k] else "**no**" for k in KINDS]
        print(f"| {row['label']} | {' | '.join(cells)} | {row['false']} |")
    found = sum(bool(row[k]) for row in rows for k in KINDS)
    print(f"\n{found} of {len(rows) * len(KINDS)} planted changes flagged; "
          f"{sum(int(str(row['false'])) for row in rows)} other flags")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

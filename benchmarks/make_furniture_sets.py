"""Build the second family of alignment dev sets: the FLORES sets with page furniture from real pages.

``python -m benchmarks.make_furniture_sets`` reads every set of
``benchmarks/data/devsets/flores_dev/`` (text and gold) and writes a copy to
``benchmarks/data/devsets/flores_real_furniture/`` in which each article also
carries furniture blocks cut, as found, from the real pages of
``benchmarks/data/real/*/`` and ``seeds/`` (the :data:`BLOCKS` below name the file
and the lines; nothing is retyped):

- one block between two article lines (a widget in the middle of the article:
  a "ЩЕ ЗА ТЕМОЮ" list of other headlines with their times, a login form, a
  digest, a byline, a photo credit), half of the time under a widget heading
  that claimcmp's language files list as an end marker or lead-in
  (:data:`HEADINGS`: "Most read", "Читайте также"…), the case where an end
  marker stands in the middle of a page;
- one more block at the top (byline, date, site name, as on a real page before
  the article) or at the end (more headlines, comment counter).

A block keeps the single line breaks of its page; it is one gold line with
``"noise": "boilerplate"``, separated from the article lines by blank lines as in
the first family. The first family's own noise (its hand-written boilerplate and
foreign sentences) stays, so the new family is strictly harder. Blocks are drawn
per article in the article's language; a block is not used twice in one set (the
four articles of a set come from four different sites).

The furniture strings are never copied into claimcmp's data files: the family
tests whether decisions by structure carry over to furniture the rules never saw.

Licence: the FLORES lines are CC BY-SA 4.0; the furniture lines are quoted from
the real pages under the terms of ``benchmarks/data/real/README.md`` (research
and evaluation; copyright remains with the publishers).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REAL = REPO / "benchmarks" / "data" / "real"
SOURCE = REPO / "benchmarks" / "data" / "devsets" / "flores_dev"
OUT = REPO / "benchmarks" / "data" / "devsets" / "flores_real_furniture"

# (language of the dev article, file relative to the repository, first line, last line: 1-based, inclusive)
BLOCKS: list[tuple[str, str, int, int]] = [
    # Russian
    ("rus", "benchmarks/data/real/odisha_train_crash_2023/01_ru_checheninfo.txt", 7, 10),  # digest of other stories
    ("rus", "benchmarks/data/real/odisha_train_crash_2023/01_ru_checheninfo.txt", 1, 1),  # "| ДАЙДЖЕСТ: |"
    ("rus", "benchmarks/data/real/crocus_city_hall_attack_2024/02_ru_ura.txt", 5, 5),  # call to send news
    ("rus", "benchmarks/data/real/georgia_parliamentary_election_2024/01_ru_armenpress.txt", 3, 3),  # reading time
    ("rus", "benchmarks/data/real/georgia_parliamentary_election_2024/01_ru_armenpress.txt", 9, 9),  # language menu
    ("rus", "benchmarks/data/real/georgia_parliamentary_election_2024/02_ru_mir24.txt", 1, 1),  # time stamp
    ("rus", "benchmarks/data/real/georgia_parliamentary_election_2024/02_ru_mir24.txt", 5, 5),  # photo credit
    ("rus", "benchmarks/data/real/sumy_missile_strike_2025/03_ru_silkway.txt", 8, 9),  # "read in our channel"
    ("rus", "seeds/001_b6e1b808a0f5a791.txt", 21, 21),  # "ЧИТАЙТЕ ТАКЖЕ: <headline>"
    ("rus", "seeds/001_b6e1b808a0f5a791.txt", 29, 29),  # stray tag line
    ("rus", "seeds/004_2d63bb16a09dbf8b.txt", 23, 23),  # source credit
    # Ukrainian
    ("ukr", "benchmarks/data/real/sumy_missile_strike_2025/02_uk_interfax.txt", 4, 16),  # ads, related list
    ("ukr", "benchmarks/data/real/sumy_missile_strike_2025/02_uk_interfax.txt", 17, 22),  # latest-news list
    ("ukr", "benchmarks/data/real/georgia_parliamentary_election_2024/04_uk_112ua.txt", 2, 7),  # date, views, author
    ("ukr", "benchmarks/data/real/georgia_parliamentary_election_2024/05_uk_hotcv.txt", 6, 7),  # editor, date
    ("ukr", "benchmarks/data/real/moldova_eu_referendum_2024/04_uk_ukrtime.txt", 1, 1),  # site name
    ("ukr", "benchmarks/data/real/moldova_eu_referendum_2024/04_uk_ukrtime.txt", 7, 8),  # date, time
    ("ukr", "benchmarks/data/real/morocco_earthquake_2023/03_uk_babel.txt", 3, 5),  # author, date labels
    ("ukr", "benchmarks/data/real/odisha_train_crash_2023/03_uk_unn.txt", 1, 1),  # image URL
    ("ukr", "seeds/003_017250b7c650f034.txt", 7, 11),  # ad, "read also" and its headline
    # Bulgarian
    ("bul", "seeds/002_2075f97cec139a43.txt", 19, 30),  # back to site, login and sign-up forms
    ("bul", "seeds/002_2075f97cec139a43.txt", 31, 46),  # other stories: headline, section and age, summary
    ("bul", "seeds/002_2075f97cec139a43.txt", 63, 78),  # more of them
    ("bul", "seeds/002_2075f97cec139a43.txt", 5, 5),  # one other story's headline
    ("bul", "benchmarks/data/real/moldova_eu_referendum_2024/05_bg_faktor.txt", 7, 7),  # comment counter
    ("bul", "benchmarks/data/real/morocco_earthquake_2023/05_bg_24chasa.txt", 9, 9),  # embedded tweet
    # English
    ("eng", "benchmarks/data/real/moldova_eu_referendum_2024/07_en_eadaily.txt", 6, 12),  # other headlines
    ("eng", "benchmarks/data/real/georgia_parliamentary_election_2024/06_en_vestikavkaza.txt", 1, 1),  # date line
    ("eng", "benchmarks/data/real/georgia_parliamentary_election_2024/07_en_thechronicle.txt", 6, 6),  # credit
    ("eng", "benchmarks/data/real/morocco_earthquake_2023/06_en_prothomalo.txt", 4, 4),  # agency
    ("eng", "benchmarks/data/real/sumy_missile_strike_2025/06_en_independent.txt", 8, 8),  # map caption
    ("eng", "benchmarks/data/real/crocus_city_hall_attack_2024/06_en_yahoo-dpa.txt", 3, 4),  # caption, twice
]

# widget headings that claimcmp's language files list as end markers or lead-ins (the old rule cut the article there)
HEADINGS = {
    "eng": ["Most read", "Related stories", "Read also:", "More stories"],
    "rus": ["Читайте также", "Другие новости", "Похожие новости"],
    "ukr": ["Читайте також:", "Інші новини", "Схожі новини"],
    "bul": ["Прочетете още:", "Последни новини", "Свързани новини"],
}


def block_text(path: str, first: int, last: int) -> str:
    lines = (REPO / path).read_text(encoding="utf-8").splitlines()[first - 1 : last]
    kept = [line.rstrip() for line in lines if line.strip()]
    if not kept:
        raise ValueError(f"{path}:{first}-{last} holds no text")
    return "\n".join(kept)


def blocks_by_lang() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for lang, path, first, last in BLOCKS:
        out.setdefault(lang, []).append(block_text(path, first, last))
    return out


def furnish(lines: list[dict], blocks: list[str], headings: list[str], rng: random.Random) -> list[dict]:
    """``lines`` with one block in the middle (maybe under a heading) and one at the top or end."""
    article = [i for i, line in enumerate(lines) if not line.get("noise")]
    middle, other = rng.sample(blocks, 2)
    if rng.random() < 0.5:
        middle = rng.choice(headings) + "\n" + middle
    out = list(lines)
    # between two article lines, never before the first or after the last
    cut = rng.randrange(article[1], article[-1] + 1) if len(article) > 2 else len(out) // 2
    out.insert(cut, {"text": middle, "src": [], "noise": "boilerplate"})
    if rng.random() < 0.5:
        out.insert(0, {"text": other, "src": [], "noise": "boilerplate"})
    else:
        out.append({"text": other, "src": [], "noise": "boilerplate"})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    blocks = blocks_by_lang()
    args.out.mkdir(parents=True, exist_ok=True)
    gold_paths = sorted(args.source.glob("set*.gold.json"))
    for gold_path in gold_paths:
        name = gold_path.name.split(".")[0]
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        gold["furniture"] = "real pages (benchmarks/make_furniture_sets.py)"
        folder = args.out / name
        folder.mkdir(exist_ok=True)
        for lang, lines in gold["articles"].items():
            furnished = furnish(lines, blocks[lang], HEADINGS[lang], rng)
            gold["articles"][lang] = furnished
            (folder / f"{lang}.txt").write_text("\n\n".join(x["text"] for x in furnished) + "\n", encoding="utf-8")
        (args.out / gold_path.name).write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {len(gold_paths)} sets to {args.out}")


if __name__ == "__main__":
    main()

"""Split a document into paragraphs, then sentences, keeping exact offsets.

Every segment satisfies ``segment.text == document.text[segment.start:segment.end]``:
nothing is normalised here, so a later stage (or a user) can always point back
into the article.

Rules, in the order they apply:

* A line break ends a paragraph, unless it looks like hard wrapping (the line
  has no closing punctuation and the next one starts in lower case).
* Inside a paragraph a sentence ends at ``.``, ``!``, ``?`` or ``…`` (plus any
  closing quotes or brackets) followed by white space and an upper-case letter,
  digit, opening quote, bracket or dash.
* ...also inside a quotation (``«…»``, ``„…“``, ``“…”``, ``"…"``): each
  sentence of a multi-sentence quote is its own segment, and all of them carry
  the quotation's ``quote_id``, so the quote can be put back together;
* ...except after an abbreviation listed in the language's data file
  (``г.``, ``млрд.``, ``т.е.``) or its ``numbers`` table (``Mio.``, ``ok.``),
  or a single capital letter (an initial);
* ...and except after the ordinal dot of a day before a month name
  (``am 15. August``, ``1. Avgusta``), in the month names of every date table
  that writes that dot (its CLDR long date pattern reads ``d. MMMM y``).

Page furniture is decided by structure and evidence (:func:`furniture_score`:
how a line ends, its length, a boilerplate pattern of the language files, a
template it shares with a neighbouring line, other documents of the run holding
the same line), one score against one threshold. Boilerplate is a paragraph that
matches a language's ``boilerplate`` pattern, repeats an earlier paragraph (a
sentence that repeats an earlier one, too), is furniture-shaped and held by
another document of the run, belongs to a list of other stories (3+
furniture-shaped lines, 2+ of them headline-shaped), or is a short line after the
article's last sentence. An ``end_markers`` line ("Most read", "back to site")
takes the furniture-shaped lines after it, up to where article-shaped lines
resume: a widget in the middle of a page no longer cuts the article. A
``lead_in_markers`` line ("Read also:") takes the next line only when that is
furniture-shaped (a headline), not an article sentence. Boilerplate is dropped,
or kept as kind ``"boilerplate"`` with ``keep_boilerplate`` so a user can see
what went; it is never aligned.

Other kinds: ``title`` (a first line that is the document's headline),
``heading`` (a short line without a full stop), ``dateline`` (only a date or
time), ``sentence``. A headline-length line without a full stop *between* two
article paragraphs is another story's teaser (a related-article link flattened
into the text) and counts as boilerplate; a section heading is shorter. A line
after navigation or a byline (furniture-shaped, even "ЧЕЧНЯ.") is no teaser: the
article has not begun there, and the line is its title.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import cache

from claimcmp.input.languages import detect_segment_language, known_language, load_languages
from claimcmp.input.tables import languages_with, load_table
from claimcmp.records import Cut, Document, SegmentKind

# a match starts only where a run of stops starts, and never gives back what it took (possessive):
# otherwise a line of 30,000 dots is tried from every dot, each try scanning the rest (14 s)
_TERMINATOR = re.compile(r"(?<![.!?…])[.!?…]++[»“”\"'’)\]」』]*+(?=\s)")
_SENTENCE_START = re.compile(r"\s+([«„“\"'(\[—–-]*)(\w)", re.UNICODE)
_ENDS_SENTENCE = re.compile(r"[.!?…][»“”\"'’)\]]*\s*$")
_ENDS_CLAUSE = re.compile(r"[.!?…:;,»“”\"'’)\]]\s*$")
_ENDS_CLAUSE_OPEN = re.compile(r"[.!?…:;][»“”\"'’)\]]*\s*$")
_HAS_WORD = re.compile(r"\w")
_TOKEN_BEFORE_DOT = re.compile(r"([\w.-]+)\.$")
# a quotation longer than this is more likely an unbalanced quote than one quote
_MAX_QUOTE_CHARS = 2000
_MAX_HEADING_WORDS = 25
_MAX_TRAILING_JUNK_WORDS = 4
# Section subheads are short noun phrases ("Передача листа і дипломатичні контакти");
# a teaser for another story is a headline-length clause. In FLORES-200 dev at most
# 1 of 997 genuine sentences per language has this shape without a final stop.
_TEASER_WORDS = range(8, 16)
# a line that is only a date and/or time: "Сен 9, 2024 / 12:36", "15.08.2023 09:30"
# (tokens are whole words or digit runs, so the pattern cannot backtrack badly)
# (Korean glues the unit word to the figure: "2023년 9월 10일")
_DATELINE = re.compile(r"(?=[^\d]*\d)(?:[^\W\d_]{2,9}\b\.?|\d{1,4}(?:[년월일]|\b)|[\s,./:|–—-])+")
_MAX_DATELINE_CHARS = 40
# a dateline names a year, a numeric date or a time: "Ещё свыше 1200 человек ранены." is a sentence
_DATE_IN_DATELINE = re.compile(r"\b(?:1[89]|20)\d\d(?:\b|(?=년))|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{1,2}:\d\d\b")
# "1." or "a)" opening a list item belongs to the item, not a sentence of its own
_LIST_MARKER = re.compile(r"\s*(?:\d{1,3}|[^\W\d_])\.")
# "15." right before the dot: a day of the month when a month name follows (not part of "1.15.")
_DAY_BEFORE_DOT = re.compile(r"(?<![\d.,])(?:0?[1-9]|[12]\d|3[01])\.$")
_WORD = re.compile(r"\w+")


def segment_document(
    document: Document,
    min_chars: int = 2,
    keep_boilerplate: bool = False,
    max_chars: int = 2000,
    shared: frozenset[str] = frozenset(),
) -> list[Cut]:
    """The statements of ``document`` in reading order, ids ``"<doc>:<index>"``.

    Boilerplate is dropped unless ``keep_boilerplate``; then it comes back as
    segments of kind ``"boilerplate"`` so a user can see what was removed. A
    sentence longer than ``max_chars`` (a run-on line, a page without stops) is
    cut at the last white space before the limit, so no statement is unbounded.
    ``shared``: lines other documents of the run hold too (:func:`shared_lines`).
    """
    document_lang = known_language(document.lang)
    abbreviations = _abbreviations_for(document_lang)
    segments: list[Cut] = []
    paragraphs = list(split_paragraphs(document.text))
    texts = [document.text[s:e] for s, e in paragraphs]
    furniture = boilerplate_paragraphs(texts, shared)
    quote_number = 0
    said: set[str] = set()
    for paragraph_index, (p_start, _) in enumerate(paragraphs):
        paragraph = texts[paragraph_index]
        sentences = cut_long_spans(paragraph, split_sentences(paragraph, abbreviations), max_chars)
        kind = _paragraph_kind(paragraph, sentences, paragraph_index, furniture, document.title)
        quotes = _outermost(quotation_spans(paragraph))
        quote_ends = [end for _, end in quotes]  # outermost quotations do not overlap: ends are in order
        numbered_before = quote_number
        quote_number += len(quotes)
        for s_start, s_end in sentences:
            start, end = p_start + s_start, p_start + s_end
            text = document.text[start:end]
            if len(text) < min_chars or not _HAS_WORD.search(text):
                continue
            folded = _folded(text)
            # a sentence said earlier in the document adds no claim; a page repeating one line
            # 200,000 times (a bomb of repetition) thus costs one statement, not 200,000
            repeated = folded in said
            said.add(folded)
            segment_kind: SegmentKind = "boilerplate" if repeated or _is_boilerplate_line(text) else kind
            if segment_kind == "boilerplate" and not keep_boilerplate:
                continue
            # the first quotation that ends at or after the sentence's start, if it starts before its end
            first = bisect.bisect_left(quote_ends, s_start)
            quote_id = (
                f"{document.id}:q{numbered_before + first + 1}"
                if first < len(quotes) and quotes[first][0] < s_end
                else None
            )
            segments.append(
                Cut(
                    id=f"{document.id}:{len(segments)}",
                    doc=document.id,
                    index=len(segments),
                    text=text,
                    start=start,
                    end=end,
                    lang=detect_segment_language(text, document_lang),
                    kind=segment_kind,
                    paragraph=paragraph_index,
                    quote_id=quote_id,
                )
            )
    return segments


def _paragraph_kind(
    paragraph: str, sentences: list[tuple[int, int]], index: int, furniture: set[int], title: str | None
) -> SegmentKind:
    if index in furniture:
        return "boilerplate"
    if (
        len(paragraph) <= _MAX_DATELINE_CHARS
        and _DATELINE.fullmatch(paragraph.strip())
        and _DATE_IN_DATELINE.search(paragraph)
    ):
        return "dateline"
    # a line ending in ":" or ";" introduces what follows: a sentence, not a heading
    one_line_no_stop = len(sentences) == 1 and not _ENDS_CLAUSE_OPEN.search(paragraph)
    if one_line_no_stop and len(paragraph.split()) <= _MAX_HEADING_WORDS:
        if index == 0 and title and paragraph.strip().startswith(title):
            return "title"
        # longer than any teaser headline: a sentence that lost its full stop
        if len(paragraph.split()) < _TEASER_WORDS.stop:
            return "heading"
    return "sentence"


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quotations not inside another one, in order: a nested quote belongs to its outer quote."""
    ordered = sorted(spans)
    out: list[tuple[int, int]] = []
    for span in ordered:
        if out and span[1] <= out[-1][1]:
            continue
        out.append(span)
    return out


def _folded(text: str) -> str:
    """``text`` as compared for repeats: lower case, white space runs as one space."""
    return " ".join(text.lower().split())


def boilerplate_paragraphs(paragraphs: list[str], shared: frozenset[str] = frozenset()) -> set[int]:
    """Indexes of the paragraphs that are page furniture rather than article text.

    ``shared``: folded lines (:func:`shared_lines`) that other documents of the run
    also hold; a furniture-shaped line among them is the site's, not the article's.
    """
    end_markers, lead_ins, _ = _furniture_patterns()
    n = len(paragraphs)
    furniture_like = [
        furniture_score(paragraphs, i, _folded(paragraphs[i]) in shared) >= FURNITURE_THRESHOLD for i in range(n)
    ]

    def resumes(j: int) -> bool:
        # the article goes on after a widget at an article-shaped line that the end of the text,
        # another article-shaped line or a line of the boilerplate patterns ("Sign in to comment")
        # follows; a list of other stories alternates headline-shaped lines and summaries
        return not furniture_like[j] and (
            j + 1 == n or not furniture_like[j + 1] or _is_boilerplate_line(paragraphs[j + 1])
        )

    marked: set[int] = set()
    seen: set[str] = set()
    i = 0
    while i < n:
        line = paragraphs[i].strip()
        folded = _folded(line)
        seen_before = folded in seen
        seen.add(folded)
        if end_markers.match(line):
            # a widget heading ("Most read", "Comments"): what follows is furniture until the article resumes
            marked.add(i)
            i += 1
            while i < n and not resumes(i):
                marked.add(i)
                seen.add(_folded(paragraphs[i]))
                i += 1
            continue
        if lead_ins.match(line):
            marked.add(i)
            if i + 1 < n and furniture_like[i + 1]:
                marked.add(i + 1)  # the announced link; an article sentence after "Read also:" stays
        elif _is_boilerplate_line(line) or seen_before:
            marked.add(i)  # a repeated line is a repeated title or teaser, said once already
        elif furniture_like[i] and folded in shared:
            marked.add(i)
        i += 1
    # trailing junk: short lines without a full stop after the article's last sentence
    # (only when there is such a sentence: a text of headlines alone keeps them all)
    last_sentence = max((i for i, p in enumerate(paragraphs) if _ENDS_SENTENCE.search(p)), default=None)
    if last_sentence is not None:
        marked.update(_headline_lists(paragraphs, furniture_like))
    for i in range(1, n - 1):
        if _is_inline_teaser(paragraphs[i - 1], paragraphs[i], paragraphs[i + 1], furniture_like[i - 1]):
            marked.add(i)
    if last_sentence is not None:
        for i in range(n - 1, last_sentence, -1):
            if len(paragraphs[i].split()) > _MAX_TRAILING_JUNK_WORDS:
                break
            marked.add(i)
    return {i for i in marked if i < n}


FURNITURE_THRESHOLD = 0.5
"""A line whose :func:`furniture_score` reaches this is furniture-shaped (chosen on the dev sets, BENCHMARKS.md)."""


def furniture_score(paragraphs: list[str], i: int, shared: bool = False) -> float:
    """How much line ``i`` looks like page furniture rather than article prose (higher: furniture).

    Evidence real pages give, each weighed once: how the line ends (a sentence stop
    for prose, nothing for headlines, menus and labels; a comma or semicolon is a
    list item of the article), its length, a boilerplate pattern of the language
    files, a template shared with a neighbouring line (form fields, "Section · 2 h
    ago" rows), and whether other documents of the run hold the same line.
    """
    line = paragraphs[i].strip()
    words = len(line.split())
    score = 0.0
    if _ENDS_SENTENCE.search(line):
        score -= 1.0
    elif not _ENDS_CLAUSE_OPEN.search(line) and not _ENDS_LIST_ITEM.search(line):
        score += 1.0  # a line ending in ":", ";" or "," introduces or lists article text
    if words <= 2:
        score += 1.5  # a label, a name, a menu item, a time
    elif words <= _MAX_TRAILING_JUNK_WORDS:
        score += 1.0
    elif words >= _LONG_SENTENCE_WORDS:
        score -= 1.0  # a sentence that lost its full stop, not a headline
    elif words >= _TEASER_WORDS.stop:
        score -= 0.5  # longer than most headlines
    if _is_boilerplate_line(line):
        score += 2.0
    if shared:
        score += 1.0
    neighbours = [paragraphs[j] for j in (i - 1, i + 1) if 0 <= j < len(paragraphs)]
    if any(_same_template(line, other) for other in neighbours):
        score += 1.5
    return score


_LONG_SENTENCE_WORDS = 24
_ENDS_LIST_ITEM = re.compile(r"[,;][»“”\"'’)\]]*\s*$")


def _same_template(a: str, b: str) -> bool:
    """Two lines that share most of their words: rows of one form or one list, not two sentences."""
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    if min(len(wa), len(wb)) < 3:
        return False
    return len(wa & wb) >= 0.6 * min(len(wa), len(wb))


def _headline_lists(paragraphs: list[str], furniture_like: list[bool]) -> set[int]:
    """Runs of 3+ furniture-shaped lines holding 2+ headline-shaped ones: a list of other stories."""
    out: set[int] = set()
    i = 0
    while i < len(paragraphs):
        if not furniture_like[i]:
            i += 1
            continue
        j = i
        while j < len(paragraphs) and furniture_like[j]:
            j += 1
        headlines = sum(1 for k in range(i, j) if _is_headline_shaped(paragraphs[k]))
        if j - i >= 3 and headlines >= 2:
            out.update(range(i, j))
        i = j
    return out


def _is_headline_shaped(line: str) -> bool:
    return len(line.split()) in _TEASER_WORDS and not _ENDS_CLAUSE.search(line)


def _is_inline_teaser(before: str, line: str, after: str, before_is_furniture: bool = False) -> bool:
    """A headline-length line with no full stop, sitting between two article paragraphs.

    A line after navigation or a byline (short, even with a full stop: "ЧЕЧНЯ.") is
    the article's own title, not a teaser: the article has not begun there.
    """
    return (
        len(line.split()) in _TEASER_WORDS
        and not _ENDS_CLAUSE_OPEN.search(line)
        and not before_is_furniture
        and bool(_ENDS_SENTENCE.search(before))
        and bool(_ENDS_SENTENCE.search(after))
    )


def shared_lines(texts: Sequence[str]) -> frozenset[str]:
    """Folded paragraphs that two or more of ``texts`` (the documents of one run) hold."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({_folded(text[s:e]) for s, e in split_paragraphs(text)})
    return frozenset(line for line, count in counts.items() if count >= 2)


def _is_boilerplate_line(line: str) -> bool:
    return bool(_furniture_patterns()[2].match(line.strip()))


@cache
def _furniture_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """End markers, lead-ins and boilerplate of every language, each as one alternation.

    Every language's patterns apply: pages mix languages ("Фото: Reuters",
    "Read more"). One compiled alternation per family keeps a line to three
    regex matches however many languages there are.
    """
    languages = load_languages().values()

    def union(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
        if not patterns:
            return re.compile(r"(?!)")
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)

    return (
        union([p for lang in languages for p in lang.end_markers]),
        union([p for lang in languages for p in lang.lead_in_markers]),
        union([p for lang in languages for p in lang.boilerplate]),
    )


def _abbreviations_for(lang: str) -> frozenset[str]:
    languages = load_languages()
    if lang in languages:
        return languages[lang].abbreviations | _table_abbreviations(lang)
    # no language file (unknown, or only number and date tables): the union is safer than nothing
    # (fewer wrong cuts)
    return frozenset().union(*(language.abbreviations for language in languages.values())) | _table_abbreviations(lang)


@cache
def _table_abbreviations(lang: str) -> frozenset[str]:
    """Abbreviations a language's ``numbers`` table lists (``Mio``, ``ok``, ``godz``), lower case, no final dot."""
    raw = load_table("numbers", lang).get("abbreviations", []) if lang.isalpha() else []
    return frozenset(str(a).lower().rstrip(".") for a in raw) if isinstance(raw, list) else frozenset()


@cache
def _ordinal_dot_months() -> frozenset[str]:
    """Month names, lower case, of every date table that writes a day with an ordinal dot ("15. August")."""
    out: set[str] = set()
    for code in languages_with("dates"):
        table = load_table("dates", code)
        months = table.get("months")
        if table.get("ordinal_dot") and isinstance(months, dict):
            out.update(str(form).lower().rstrip(".") for form in months)
    return frozenset(out)


def _is_day_before_month(paragraph: str, dot: int, next_word: int) -> bool:
    """The full stop at ``dot`` closes a day of the month and a month name starts at ``next_word``."""
    if not _DAY_BEFORE_DOT.search(paragraph, max(0, dot - 3), dot + 1):
        return False
    word = _WORD.match(paragraph, next_word)
    return word is not None and word.group().lower() in _ordinal_dot_months()


def split_paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank paragraph, trimmed of surrounding white space."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        lines.append((pos, pos + len(line.rstrip("\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85"))))
        pos += len(line)
    current: tuple[int, int] | None = None
    previous_line = ""
    for start, end in lines:
        content = text[start:end]
        if not content.strip():
            if current:
                yield _trim(text, *current)
            current = None
            continue
        # only the previous line decides (not the paragraph so far), so long texts stay linear
        if current and _is_wrapped_continuation(previous_line, content):
            current = (current[0], end)
            previous_line = content
            continue
        if current:
            yield _trim(text, *current)
        current = (start, end)
        previous_line = content
    if current:
        yield _trim(text, *current)


def _is_wrapped_continuation(previous: str, line: str) -> bool:
    stripped = line.lstrip()
    return bool(stripped) and stripped[0].islower() and not _ENDS_CLAUSE.search(previous)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(paragraph: str, abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``paragraph``, trimmed."""
    cuts: list[int] = []
    for match in _TERMINATOR.finditer(paragraph):
        end = match.end()
        follower = _SENTENCE_START.match(paragraph, end)
        if not follower:
            continue
        first_letter = follower.group(2)
        # a letter of a script without case (Hangul, Han, Arabic) may start a sentence as a capital does
        uncased = first_letter.isalpha() and first_letter.lower() == first_letter.upper()
        if not (first_letter.isupper() or uncased or first_letter.isdigit() or follower.group(1)):
            continue
        if match.group().startswith("."):
            # look back a bounded distance only, so a megabyte-long line stays linear
            if _is_abbreviation(paragraph[max(0, match.start() - 40) : match.start() + 1], abbreviations):
                continue
            if _is_spaced_abbreviation(paragraph, match.start(), abbreviations):
                continue
            if _is_day_before_month(paragraph, match.start(), follower.start(2)):
                continue
            sentence_so_far = (cuts[-1] if cuts else 0, match.start() + 1)
            if sentence_so_far[1] - sentence_so_far[0] <= 8 and _LIST_MARKER.fullmatch(paragraph, *sentence_so_far):
                continue
        cuts.append(end)
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [*cuts, len(paragraph)]:
        s, e = _trim(paragraph, start, cut)
        if e > s:
            spans.append((s, e))
        start = cut
    return spans


def cut_long_spans(text: str, spans: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    """``spans`` with every span over ``max_chars`` cut into pieces, at white space where there is some."""
    if all(end - start <= max_chars for start, end in spans):
        return spans
    pieces: list[tuple[int, int]] = []
    for start, end in spans:
        while end - start > max_chars:
            space = text.rfind(" ", start + max_chars // 2, start + max_chars)
            cut = space if space > start else start + max_chars
            piece = _trim(text, start, cut)
            if piece[1] > piece[0]:
                pieces.append(piece)
            start = _trim(text, cut, end)[0]
        if end > start:
            pieces.append((start, end))
    return pieces


def _is_abbreviation(text_through_dot: str, abbreviations: frozenset[str]) -> bool:
    token_match = _TOKEN_BEFORE_DOT.search(text_through_dot)
    if not token_match:
        return False
    token = token_match.group(1)
    if len(token) == 1 and token.isupper():
        return True  # an initial: "В. Путин"
    return token.lower() in abbreviations


# "z. B.", "u. a.", "d. h.": one- or two-letter parts with a dot each, written with spaces; the
# middle slot is where the dot being judged stands
_SPACED_PARTS = re.compile(r"(?:^|\W)(\w{1,2})\.\s?(\w{1,2})\.")


def _is_spaced_abbreviation(paragraph: str, dot: int, abbreviations: frozenset[str]) -> bool:
    """Whether the dot at ``dot`` belongs to a spaced abbreviation such as "z. B." that a language
    file lists as "z.b" (a bounded window: a megabyte-long line stays linear)."""
    start = max(0, dot - 4)
    window = paragraph[start : dot + 5]
    for match in _SPACED_PARTS.finditer(window):
        if (
            match.start(1) <= dot - start < match.end()
            and f"{match.group(1)}.{match.group(2)}".lower() in abbreviations
        ):
            return True
    return False


_OPENERS = {"«": "»", "»": "«", "„": "“”", "“": "”", "「": "」", "『": "』"}


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """(open, close) positions of quotations that close within ``text``.

    Typographic quotes nest by a stack (``«…»``, German ``»…«``, ``„…“``, Polish ``„…”``,
    ``“…”``); a straight ``"`` opens after white space or an opening bracket and closes
    otherwise. Quotes that never close are ignored, so one stray mark cannot glue a whole
    paragraph together.
    """
    stack: list[tuple[str, int]] = []
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if stack and ch in _closing_of(stack[-1][0]) and not (ch == "“" and stack[-1][0] == "“"):
            _, start = stack.pop()
            if i - start <= _MAX_QUOTE_CHARS:
                spans.append((start, i))
            continue
        if ch == "»" and not (_opens_after(text, i) and text[i + 1 : i + 2].isalpha()):
            continue  # a German »…« opens only before a word; elsewhere » only closes «
        if ch in _OPENERS or (ch == '"' and _opens_after(text, i)):
            stack.append((ch, i))
    return spans


def _opens_after(text: str, i: int) -> bool:
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([{—–-"


def _closing_of(opener: str) -> str:
    return _OPENERS.get(opener, '"')

"""Quotations, who said them, through which outlet, reported speech and polarity, per segment.

:func:`analyse_speech` reads one document's segments in reading order and
returns one :class:`~claimcmp.records.Facts` per segment with ``quotes``,
``attribution``, ``negated``, ``negation_span`` and ``stance`` filled (entity
keys stay None). Every word list comes from ``claimcmp/data/speech/<lang>.toml``
(speech verbs, source cues, pronouns, negation cues…; the files say what each
list is for); this package spells no language's words, so a language is added by
adding its file. A segment is read with its own language's table plus the
document's (its segments' language, weighted by length): Russian, Ukrainian and
Bulgarian share most short words, so one sentence's language is often told
wrong, and a quote may be in another language than the words attributing it.

How a paragraph is read
-----------------------
The segments of one paragraph are put back together (a quotation may open in
one sentence and close in a later one) and cut into words; every phrase of the
table is matched word by word (a word ending in ``*`` in the data is a stem), so
the work is linear and no regular expression can backtrack. Verbs of saying
(speech, report, impersonal, denial, confirmation verbs) outside quotation
marks are the *events* that attribute words to someone.

Decisions
---------
* **Quotations**: ``«…»``, ``„…“``, ``“…”``, ``"…"``, ``‘…’``, ``‹…›`` (see
  :mod:`.quotes`) and direct speech after a paragraph-opening dash (``– Да, …
  – каза той. – …``): a spaced dash, or a comma, followed by a speech verb
  starts the narrator's remark, and speech resumes after a dash that follows a
  full stop. A dash paragraph after ``…:`` without a speech verb is a list.
  ``Quote.span`` covers the words without the marks and without a trailing
  comma. A quotation over several segments gives each segment a ``Quote`` for
  its part, all with one ``quote_id`` (segmentation's id where it saw the same
  quotation, else ``<segment id>:x<offset>``) and all with the speaker, verb
  and sources found at its end.
* **Names and scare quotes** are not quotations. A quoted span of at most three
  words that does not end in ``.!?…`` is a *name* when it starts with a capital
  (``«Единая Россия»``, ``"Пентагон"``, an outlet after its report verb:
  ``повідомляє "Українська правда"``) and a *scare quote* when nothing
  attributes it (``«народные республики»``) or a scare marker precedes it
  (``так называемые``). A short lower-case fragment in a sentence with a speech
  verb before it is a *partial quote* of that verb's speaker (``назвав війська
  КНДР "героїчними"``); a short span right after a speech verb or a colon, or
  right before ``, – сказал X``, is a quote whatever its case (``«Нет», —
  ответил Песков``).
* **Which verb attributes a quote.** A quote opening its sentence takes the
  first event after it in the sentence where it closes (``"…", – заявив
  Володін``; ``«…» для …, говорится в письме Ким Чен Ына``); after a colon the
  verb before it (``Песков заявил: «…»``, or ``X: «…»``); inside a sentence the
  nearest event before it (``Путин сказал, что «…»``), and it is ``partial``.
  A quote opening its sentence but continued by other words than its
  attribution is partial too. An unattributed quote right after an attributed
  one goes on with its speaker (``"…," he said. "…"``).
* **Speakers** are written as in the text, case and all: a name (``Путина``), a
  descriptive phrase (``севернокорейският лидер``), the owner of a document
  for impersonal verbs (``се казва в писмото на Ким`` → ``Ким``), or the place
  of a plural verb with no subject (``У Міноборони РФ заперечили``, ``Як
  зазначили в Генштабі ЗСУ``). The subject is the phrase before the verb in its
  clause — all of it when the clause holds no preposition (``Пресслужба
  президента повідомила``), else the phrase opening the clause (``Путин в
  своей телеграмме … отметил``), or, when the clause opens with a
  preposition, the phrase right before the verb (``В письме … Путин указал``).
  Right after a quote or at the sentence's start the subject follows the verb
  (``– заявило тогда украинское внешнеполитическое ведомство``); after a comma
  only when nothing more is said after it (``…, сообщили в понедельник
  государственные СМИ``). In a relative clause or after a participle it is an
  earlier subject of the sentence. English (``subject_before_verb``) takes the
  words right before the verb.
* **Pronouns** (``он``, ``він``, ``той``, ``he``; ``в него`` for a document)
  resolve to the previous speaker when it spoke in this or the previous
  sentence; otherwise to the last full name of the previous sentence (``Листа
  … передав … В’ячеслав Володін. Він також подякував``); otherwise to the last
  speaker; with none, the speaker is None. ``speaker`` is the antecedent's text
  and ``speaker_span`` the pronoun's span. ``мы``/``ми``/``we`` is the outlet
  itself: no speaker. An outlet (a report verb's subject) is never an
  antecedent.
* **Speaker, via, reported_by.** ``via`` is the source nearest to the speaker
  that the text names: the object of a citing cue (``цитирано от КЦНА``, ``со
  ссылкой на … ЦТАК``) or, when the sentence has another speaker, the subject
  of an outlet's report verb (``…, посочва КЦНА``), of ``according to X`` or of
  a sentence-final ``…, North Korea's state media said``. ``reported_by`` is an
  outlet relaying that source (the report verb's subject when a citing cue
  names the source: ``предаде Ройтерс, цитирайки … КЦНА``); a report verb with
  a citing cue and no other speaker names no speaker (``Bloomberg со ссылкой на
  источники сообщило``). A report verb alone is an ordinary speech verb
  (``ТАСС сообщил, что …``). An outlet's phrase is cut to its name: after a
  descriptor (``агентство ЦТАК``), before one (``the KCNA news agency``), an
  acronym in brackets (``… агентство Кореи (ЦТАК)``), without name quotes.
* **Document-level source**: a sentence opening with a source anaphor and an
  outlet's report verb (``Об этом сообщает ГОЛОС АМЕРИКИ со ссылкой на …
  ЦТАК``, ``Про це … повідомляє The Guardian``), a report verb with a citing cue
  in the first sentence (``предаде Ройтерс, цитирайки … КЦНА``), or a ``По
  материалам: …`` line give the document's ``via``/``reported_by`` by the same
  chain (one outlet alone is ``via``; the first statement wins each slot).
  Every quote naming no source gets them; a quote whose own source is the
  document's ``via`` or an outlet noun alone (``сообщило агентство``) gets the
  document's ``reported_by`` too; a quote with another source keeps its own.
  The sentence right before an ``Об этом`` statement gets them as well.
* **Attribution** of a segment: its first quote's speaker; else the first
  speech event of its main clause; else ``по словам X``/``according to X``
  (``по сообщениям X`` gives only ``via``); else ``X: …`` opening a sentence
  (not a label like ``Фото:``); else an event of a relative clause.
* **Negation** (``negated``, ``negation_span``): the first negation cue of the
  segment that is neither part of a fixed expression of the table (``не
  только``, ``не менее``, ``ни один из``, ``не исключает``…) nor inside a
  relative or adverbial clause (from ``который``/``хотя``/``if`` to the next
  punctuation), since those do not carry the main claim. Reported content
  (``заявил, что … не …``) and quoted words do carry it, so they count; name
  and scare quotes do not. A denial verb makes the segment negated too (its
  span when no cue comes first).
* **Stance**: ``unknown`` for titles, headings, datelines, questions and text
  without words; else the first denial or confirmation verb outside relative
  and adverbial clauses decides — ``denied`` or ``confirmed``; a negated
  confirmation (``не подтвердил``) is ``denied``, a negated denial (``не
  отрицает``) ``unknown``; else ``denied`` when negated, ``asserted``
  otherwise.

Not handled: gender and number agreement of pronouns; quotations over several
paragraphs without closing marks; a speaker split from its verb by a long
parenthetical; nested attributions (a quote inside a quote keeps the outer
speaker); a capitalised phrase directly followed by a lower-case genitive
(``Офіс президента`` gives ``Офіс``); negation scope below the clause (``not``
of a secondary verb in the main clause counts).


Layout
------
One paragraph is read by parts that each do one job over a shared frozen view of it
(:class:`~.view.Paragraph`): :mod:`.rules` (the tables), :mod:`.view` (words and phrase matches, the view and the
records passed between the parts), :mod:`.quotations` (quotations, names and scare quotes), :mod:`.clauses`
(verbs of saying, boundaries, subordinate clauses), :mod:`.phrases` (noun phrases), :mod:`.subjects` (who speaks,
pronouns), :mod:`.sources` (via, reported_by, document-level statements), :mod:`.quoting` (quotes out),
:mod:`.attribution`, :mod:`.polarity`, and :mod:`.document` (the paragraphs in order, and the records).
"""

from __future__ import annotations

from claimcmp.analysis.speech.document import analyse_speech
from claimcmp.analysis.speech.polarity import denies_in_words
from claimcmp.analysis.speech.rules import Rules, rules_for

__all__ = ["Rules", "analyse_speech", "denies_in_words", "rules_for"]

"""Persons, organisations and places in a segment's text, each with a cross-script key.

Keys join the same entity across Russian, Ukrainian, Bulgarian, English (and any
language with a data file): ``Ким Чен Ыну``, ``Кім Чен Ин``, ``Ким Чен-ун`` and
``Kim Jong Un`` all get ``"kim-jong-un"``.

No statistical model: names are found by rules whose words all live in data files,
``claimcmp/data/entities/<lang>.toml`` (endings, non-name words, titles, given names,
surname and place endings, cue and head words) and ``claimcmp/data/entities/aliases.toml``
(cross-language forms). Adding a language is adding its file (and, optionally, its forms
to the alias table); a language without a file still gets alias matches, acronyms and runs.

**Finding** (in this order, on word tokens; an earlier step's words are taken):

1. *Alias table*: a text word matches a form word when both share a stem once the text
   language's endings (and consonant alternations: Алясці ~ Аляска) are removed
   (``Пхеньяном`` ~ ``Пхеньян``, ``Путіна`` ~ ``Путін``); the longest form wins; an
   all-caps form (``КНДР``, ``US``) matches only in capitals. A person alias takes the
   given names, initials and patronymics before it (``Владимир Путин``, ``В. Путин``);
   a given name the alias does not list makes a relative's key (``Билял Ердоган``).
2. *Acronyms*: all-caps words of 2-6 letters (``ЗСУ``, ``NPR``) that are not common nouns
   listed as non-names (``СМИ``, ``ЗМІ``); a shouted line is no acronym.
3. *Capitalised runs*: consecutive capitalised words joined by spaces, hyphens (also
   lower-case parts: ``Ростов-на-Дону``), initials (``В.``) or connectors (``de``, ``of``),
   plus a following head word that is part of the name (``Курской области``,
   ``Трудовой партии Кореи``), or a quoted name up to its closing quote
   (``«Українська правда»``). Stop words, titles (``президент``) and non-names (months,
   pronouns) are never part of a run. A run splits where a given name starts a person,
   and after a title the first word of a three-word run is the title's complement
   (``Премьер-министр Израиля Биньямин Нетаньяху``). Dropped: an unknown first word of a
   sentence (every sentence starts capitalised), a lone capitalised adjective
   (``Второй мировой``), event names, modifiers alone (``North Korean``), a word before a
   title (``Defence Minister``), model designations (``Ил-76``). In a title-case line
   (nearly every word capitalised) only steps 1 and 2 run.

**Typing**: the alias table; else a head word in or after the run; else *organisation*
for a quoted name; else *place* for a title's complement; else *person* when the run
starts with a given name or an initial or has a patronymic; else a cue word just before
it (``агентство``, ``город``, a title); else *person* for a known person-name word
(``Ким``); else *place* for a place ending (``Работино``, ``Курске``); else *person* for a
surname ending (``-ов``, ``-енко``, ``-ський``); else *organisation* for acronyms and for
Latin-script names in a non-Latin text (media, brands: ``Express``, ``Telegram``); else
a multi-word name with an adjective is a *place*, other multi-word names are *persons*,
and a single word is a *place*. A wrong type does less harm than a wrong key. A language that
capitalises every noun (``capitalised_nouns`` in its table: German) gets no fallback: a run that
only the fallbacks would type is no name ("Regierung", "Prozent"), nor is a head word alone
("Ministerium") or a noun before a person's name that no title governs.

**Keys**: the alias key when the table knows the entity; otherwise a *fallback key*:
each word lemma-ised (longest ending removed), transliterated with anyascii, and
spelling-folded (kh/g/h -> h, ts -> c, y -> i, ie -> e, iu -> u, doubled letters
collapsed, final vowels dropped) so that ``Володин``, ``Володіна`` and ``Volodin`` all
give ``"volodin"``. A person's key leaves out given names, initials and patronymics, so
``Сергей Шойгу`` and ``Шойгу`` agree. :func:`same_entity` also accepts fallback keys one
edit apart (``tramp``/``trump``, ``harkiv``/``harkov``) but never near-miss names
(``putin``/``putilin``) nor two different alias keys. :func:`metonym_of` tells which
entity a capital or seat of government stands for (``pyongyang`` -> ``dprk``).

Layout: :mod:`.rules` (the per-language tables), :mod:`.folding` (normalising a word, transliteration and
spelling folds), :mod:`.tokens` (the frozen view of a text: its words with what the rules need to know), :mod:`.aliases`
(the cross-language alias table and matching it), :mod:`.words` (what a word may be: a given name, an acronym…),
:mod:`.runs` (capitalised runs: where they split, their type and key), :mod:`.finding` (the steps in order) and
:mod:`.keys` (keys of names and when two keys are the same entity).
"""

from __future__ import annotations

from claimcmp.analysis.entities.finding import find_entities
from claimcmp.analysis.entities.keys import alias_keys, entity_key, metonym_of, role_keys, same_entity

__all__ = ["alias_keys", "entity_key", "find_entities", "metonym_of", "role_keys", "same_entity"]

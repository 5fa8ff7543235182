"""Jargon: abbreviations used before they are spelt out, school words left unexplained, and words
with a plainer alternative.

Sources: GOV.UK style guide (abbreviations and acronyms: spell out at first use unless well known;
words to avoid); NHS content style guide (explain medical and technical terms); Plain English
Campaign (A to Z of alternative words). Readability formulas count SENCO or KS2 as short easy
words, so jargon needs its own checks.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from . import Check, Examples, Finding, plainwords, trie
from ..prose import WORD_CHARS

DATA = Path(__file__).parent / "data"
# Capitals, but not part of a dotted name or address: GOV.UK, gov.wales and nhs.uk are names.
# It starts with the capital, and looks behind it after, so that a search jumps from one capital
# to the next instead of trying every place (half the time).
ABBREVIATION = re.compile(r"([A-Z](?<![\w.-][A-Z])[A-Z0-9]*[A-Z0-9])(s?)(?![\w-]|\.\w)")
SMALL_WORDS = {"and", "of", "the", "for", "to", "in", "on", "a", "an", "as", "with", "&"}  # "English as an additional language" is EAL
EXPLAINED = re.compile(r"^\s*(?:\(|,|:|-|–|—|\bmeans?\b|\bis\b|\bare\b|\bwas\b|\bwere\b|\bwhich\b|\bwho\b)"
                       r"|\bmeans?\b", re.I)
QUOTES = "\"'“”‘’„«»"
NEXT_EXPLAINS = re.compile(r"^\s*(?:this|that|it|they)\s+(?:means?|is|are)\b", re.I)
# The same, in the other languages we write: "X yw...", "X sef...", "X, czyli...", "X یعنی...".
EXPLAINED_IN = {
    "cy": re.compile(r"^\s*(?:yw|ydy|ydyn|sef|hynny yw)\b|\bgolygu\b", re.I),
    "pl": re.compile(r"^\s*(?:to|czyli|jest|są)\b|\b(?:oznacza|znaczy)\b", re.I),
    "ur": re.compile(r"^\s*یعنی|کا مطلب|سے مراد"),
    # "X، وهي ...", "X هو/هي ...", "X أي ...", "... يعني/تعني ..."
    "ar": re.compile(r"^\s*(?:،\s*)?(?:وهو|وهي|هو|هي|أي)(?!\w)|(?<!\w)(?:يعني|تعني)(?!\w)"),
    "ro": re.compile(r"^\s*(?:este|sunt|adică|înseamnă)\b|\bînseamnă\b", re.I),
    "bn": re.compile(r"^\s*(?:হলো|হল|মানে|অর্থাৎ|যা)(?![\u0980-\u09ff])|(?<![\u0980-\u09ff])(?:মানে|অর্থাৎ)(?![\u0980-\u09ff])"),
    "pa": re.compile(r"^\s*(?:ਭਾਵ|ਯਾਨੀ|ਜੋ|ਦਾ ਮਤਲਬ|ਦਾ ਅਰਥ)(?![\u0a00-\u0a7f])|(?<![\u0a00-\u0a7f])(?:ਮਤਲਬ|ਭਾਵ)(?![\u0a00-\u0a7f])"),
    "so": re.compile(r"^\s*(?:waa|oo ah|taas oo ah|waxay ahaayeen|waxay ahaayeen|waxay ka dhigan tahay)\b|\bwaxay ka dhigan tahay\b", re.I),
    "uk": re.compile(r"^\s*(?:[—–-]\s*)?(?:це|тобто|означає)(?!\w)|(?<!\w)(?:означає|тобто)(?!\w)", re.I),
}


def _word_list(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def well_known() -> frozenset[str]:
    return frozenset(_word_list("well_known_abbreviations.txt"))


# What is worked out from a glossary, made once per glossary: the same one serves every page of a run.
_ABBREVIATIONS: dict[int, tuple] = {}
_PATTERNS: dict[int, tuple] = {}
_NAMES: dict[int, tuple] = {}


def _per_glossary(store: dict, glossary: list, make):
    if id(glossary) not in store:
        store[id(glossary)] = (glossary, make(glossary))  # keeping the list keeps its id unique
    return store[id(glossary)][1]


def _explained(match: re.Match, sentence: str, following: str, locale: str = "en") -> bool:
    """The term is explained where it is first used: "INSET day: a day when...", "INSET days (when...)",
    "an INSET day means...", or the next sentence: "This means..." or "An INSET day is..."."""
    if EXPLAINED.search(sentence[match.end():]) or NEXT_EXPLAINS.search(following):
        return True
    if locale in EXPLAINED_IN and EXPLAINED_IN[locale].search(sentence[match.end():]):
        return True
    before, after = sentence[match.start() - 1:match.start()], sentence[match.end():match.end() + 1]
    if before and after and before in QUOTES and after in QUOTES:
        return True  # 'Schools call these choices "options"': the word is being introduced
    if before == "(" and after == ")":
        return True  # "the class teacher for each morning (form tutor)": the words before explain it
    term = re.escape(match.group(0))
    return bool(re.search(rf"(?<![\w-]){term}s?\s+(?:is|are|means?)\b", following, re.I))


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words).upper()


def spelt_out(abbreviation: str, before: str, after: str) -> bool:
    """True when the words just before "(ABBR)", or inside "ABBR (...)", spell out ABBR."""
    letters = abbreviation.upper()
    if after.lstrip().startswith("("):
        inside = after.lstrip()[1:].split(")", 1)[0]
        if _matches(letters, re.split(r"[\s\-/]+", inside)):
            return True
    if before.rstrip().endswith("(") and after.lstrip().startswith(")"):
        words = [w for w in re.split(r"[\s\-/]+", before.rstrip()[:-1]) if w]
        for size in range(len(letters), min(len(words), 3 * len(letters)) + 1):
            if _matches(letters, words[-size:]):
                return True
    return False


def _bracketed(before: str, after: str) -> bool:
    """Words, then "(ABBR)". In another language the initials need not match (Welsh mutates the first
    letter: "gydlynydd" for "cydlynydd"; English abbreviations stay English), so the brackets after
    some words are taken as the full form."""
    return bool(re.search(rf"[{WORD_CHARS}]\s*\($", before)) and after.lstrip().startswith(")")


def _matches(letters: str, words: list[str]) -> bool:
    words = [re.sub(r"[^\w]", "", w) for w in words]
    words = [w for w in words if w]
    if not words:
        return False
    # Small words (of, and, the) may count or not: "Key Stage 2" is KS2, "education, health and care" is EHC.
    full = _initials(words)
    trimmed = _initials([w for w in words if w.lower() not in SMALL_WORDS])
    return letters in (full, trimmed) and words[0][0].upper() == letters[0]


def glossary_abbreviations(glossary: list) -> dict[str, str]:
    """What each abbreviation in the glossary stands for, under every form it is written in: EHCP
    (written as another form of "EHC plan") stands for "education, health and care plan"."""
    meanings = {}
    for term in glossary:
        for form in [term.term, *term.also]:
            if ABBREVIATION.fullmatch(form) and (term.stands_for or form != term.term):
                meanings.setdefault(form.upper(), term.stands_for or term.term)
    return meanings


def glossary_names(glossary: list) -> dict[str, list[str]]:
    """Glossary names that start with capitals, like "SNAP Cymru", by their first word: a charity's
    name is explained as a whole, not spelt out letter by letter."""
    names: dict[str, list[str]] = {}
    for term in glossary:
        for form in [term.term, *term.also]:
            first, _, rest = form.partition(" ")
            if rest and ABBREVIATION.fullmatch(first):
                names.setdefault(first.upper(), []).append(form)
    return names


def undefined_abbreviation(document, context):
    """jargon.undefined-abbreviation: an abbreviation used before it is spelt out on the page (GOV.UK)."""
    known = well_known() | {a.upper() for a in context.settings.well_known_abbreviations}
    meanings, names = _per_glossary(_ABBREVIATIONS, context.glossary,
                                    lambda glossary: (glossary_abbreviations(glossary), glossary_names(glossary)))
    defined: set[str] = set()
    reported: set[str] = set()
    for sentence in document.sentences:
        for match in ABBREVIATION.finditer(sentence.text):
            letters = match.group(1)
            if letters in known or letters in defined or not re.search("[A-Z].*[A-Z]|[A-Z][0-9]", letters):
                continue
            if any(sentence.text.startswith(name, match.start()) for name in names.get(letters, ())):
                continue  # part of a name the glossary explains, like "SNAP Cymru": not an abbreviation here
            before, after = sentence.text[:match.start()], sentence.text[match.end():]
            if spelt_out(letters, before, after) or (document.locale != "en" and _bracketed(before, after)):
                defined.add(letters)
                continue
            if letters in reported:
                continue
            reported.add(letters)
            meaning = meanings.get(letters)
            example = f"{meaning} ({letters})" if meaning else f"the words in full, then ({letters})"
            yield Finding("jargon.undefined-abbreviation", "warning", document.path, sentence.line,
                          sentence.column + match.start(),
                          f"'{letters}' is used before it is spelt out on this page. Write it in full the first "
                          f"time, like: {example}.", f"{meaning} ({letters})" if meaning else None, document.locale)


def unexplained_term(document, context):
    """jargon.term: a school word from the glossary used without saying what it means (NHS; GOV.UK).

    Explained means: a bracket, a comma, a colon or a dash straight after it, "is", "are" or
    "means" after it, the word in quotes (being introduced), or a next sentence that says
    "This means..." or "A <term> is...".
    """
    terms = _glossary_terms(context.glossary)
    if terms is None:
        return
    pattern, by_word = terms
    # A title or a heading names the subject; the explanation belongs in the text that follows it.
    titles = {id(s) for b in document.blocks for s in b.sentences if b.kind == "heading"}
    if document.guide is not None and document.blocks and document.blocks[0].kind == "meta":
        titles |= {id(s) for s in document.blocks[0].sentences}
    sentences = document.sentences
    seen: set[str] = set()
    for index, sentence in enumerate(sentences):
        if id(sentence) in titles:
            continue
        for match in pattern.finditer(sentence.text):
            term = by_word[match.group(0).lower()]
            if term.term in seen:
                continue
            seen.add(term.term)
            following = sentences[index + 1].text if index + 1 < len(sentences) else ""
            if _explained(match, sentence.text, following, document.locale):
                continue
            yield Finding("jargon.term", "warning", document.path, sentence.line, sentence.column + match.start(),
                          f"'{match.group(0)}' is a school word. Say what it means the first time you use it: "
                          f"{term.meaning}", term.meaning, document.locale)


def _glossary_terms(glossary: list):
    """One pattern for every glossary term that is a word, not an abbreviation (those are checked above)."""
    return _per_glossary(_PATTERNS, glossary, _make_pattern)


def _make_pattern(glossary: list):
    by_word = {}
    for term in glossary:
        if term.stands_for or ABBREVIATION.fullmatch(term.term):
            continue
        for word in [term.term, *term.also]:
            by_word[word.lower()] = term
    if not by_word:
        return None
    written = [_as_written(word, glossary) for word in by_word]
    exact = {word for word in written if word.lower() != word}
    pattern = re.compile(rf"(?<![{WORD_CHARS}-])(" + trie.words_pattern(written, exact)
                         + rf")(?![{WORD_CHARS}-])", re.I)
    return pattern, by_word


def _as_written(word: str, glossary: list) -> str:
    """A word as the pattern matches it: in any case, except another form in capitals, such as TA
    for teaching assistant, which must match in capitals only: Polish 'ta' means 'this'."""
    forms = [w for t in glossary for w in t.also if w.lower() == word and ABBREVIATION.fullmatch(w)]
    return forms[0] if forms else word


def plainer_words(document, context):
    """jargon.plain-words: words with a plainer alternative, in English (GOV.UK words to avoid, with
    their exceptions: foster care, key stage, a parcel delivered; wordy phrases; US words and spellings),
    Welsh (Cymraeg Clir) and Polish (prosty język). The lists are in checks/data/plain_words*.yml."""
    words = plainwords.for_language(document.locale)
    if words is None:
        return
    names = _official_names(context.glossary)
    for sentence in document.sentences:
        matches = words.matches(sentence.text)
        protected = [m.span() for m in names.finditer(sentence.text)] if names and matches else []
        for match in matches:
            if any(start <= match.start < end for start, end in protected):
                continue  # part of an official name, like "additional learning needs": not ours to change
            instead = match.entry.instead
            advice = (f"'{match.text}' can usually go: {instead[1:-1]}." if instead.startswith("(")
                      else f"'{match.text}' has a plainer alternative: try '{instead}'.")
            yield Finding("jargon.plain-words", "warning", document.path, sentence.line,
                          sentence.column + match.start, advice, instead, document.locale)


def _official_names(glossary: list):
    """Glossary terms and what abbreviations stand for: names parents meet, to be left as they are."""
    return _per_glossary(_NAMES, glossary, _names_pattern)


def _names_pattern(glossary: list):
    names = sorted({n for t in glossary for n in (t.term, t.stands_for) if n and " " in n}, key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names), re.I) if names else None


CHECKS = [
    Check("jargon.undefined-abbreviation", undefined_abbreviation,
          Examples(flag=["Ask the SENCO for help.", "Your child takes tests in KS2.",
                         "Ask the SENCO. The special educational needs co-ordinator (SENCO) can help."],
                   clean=["Ask the special educational needs co-ordinator (SENCO). The SENCO can help.",
                          "Ask the SENCO (Special Educational Needs Co-ordinator) for help.",
                          "At Key Stage 2 (KS2) children are 7 to 11.", "Ask your GP or the NHS."])),
    Check("jargon.term", unexplained_term,
          Examples(flag=["Check the catchment area before you apply."],
                   clean=["Check the catchment area: the streets near the school that get places first.",
                          "Check the catchment area. This means the streets near the school."])),
    Check("jargon.plain-words", plainer_words,
          Examples(flag=["We will facilitate a meeting.", "Come early in order to get a seat.",
                         "We collaborate with parents.", "We want to foster a love of reading.",
                         "The letter will detail the changes.", "Please be advised the office is shut.",
                         "We utilize the hall.", "Your child's favorite book."],
                   clean=["We will help you set up a meeting.", "Come early to get a seat.",
                          "Foster carers can apply too.", "Foster children get extra help.",
                          "Ask for more detail.", "Key stage 2 is for ages 7 to 11.",
                          "We will deliver the parcel to the school."])),
]

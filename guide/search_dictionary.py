"""The search dictionary: what the guide's search needs to understand how readers type.

Made at build time from the guide's search index (guide/search_index.py: its words), data/synonyms.yml and
data/products.yml, and written as assets/javascripts/search/dictionary.js, which the search
worker and the page's result note read (docs/assets/javascripts/search/query.js). Nothing is
copied by hand into a script: change the pages or the data and the dictionary follows.

- terms: every word of the index, with the number of documents (page sections) that have it;
- pinyin: for each syllable the guide's words use, the characters read that way: the guide's
  own and the most frequent characters of jieba's dictionary (so that a typo that sounds right
  can be read as the guide's word). Readings from pypinyin;
- traditional: traditional -> simplified characters from OpenCC's table (TSCharacters), only
  those whose simplified form the guide or the synonyms use;
- keys: the guide's key terms (product names, glossary terms, the words kept whole in the
  index by data/jieba-user-dict.txt, the synonyms' guide words), preferred when several words
  sound or are spelled alike;
- synonyms, ignore: from data/synonyms.yml; intent: the closing word, each product's
  procedure page, and the guide words a question asks about (`intent: about`), which turn
  closing intent off; offer: the pages offered when nothing matches; reference: the pages that
  point to or explain the guide's words (home, glossary), which yield to an answer on equal terms;
- ordinary: the words of jieba's dictionary that sound like a word of the guide but are words
  of their own (还有, 附有): the search never reads them as a homophone.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from guide.chars import HAN as HAN_CLASS, HAN_WORD
from guide.data import GuideDataError, check_keys, load_yaml

# Characters of jieba's dictionary kept for homophones, most frequent first.
COMMON_CHARACTERS = 1800
HAN = HAN_WORD
INTENTS = {"close", "about", "procedure"}
# Words of jieba's dictionary considered for `ordinary`: this frequent or more, at most this long.
ORDINARY_MIN_FREQUENCY = 1000
ORDINARY_MAX_LENGTH = 6
MAX_SPELLINGS = 16   # pinyin readings tried per word, here and in query.js (shipped as max_spellings)
TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class SynonymGroup:
    guide: str
    words: tuple[str, ...]
    intent: str | None = None


@dataclass(frozen=True)
class Synonyms:
    groups: tuple[SynonymGroup, ...]
    ignore: tuple[str, ...]
    # Credit products and lenders the guide does not cover (a query naming one is told so first).
    elsewhere: tuple[str, ...] = ()
    # Words that name a kind of thing without saying which (方式, 方法): in a question of several
    # words they say as little as a single character.
    generic: tuple[str, ...] = ()
    # How credit products' names end (贷, 付): a word the search cannot read that ends so is taken
    # for a product the guide does not cover.
    elsewhere_endings: tuple[str, ...] = ()

    def close_word(self) -> str | None:
        return next((group.guide for group in self.groups if group.intent == "close"), None)

    def about_words(self) -> list[str]:
        return [group.guide.lower() for group in self.groups if group.intent == "about"]

    def procedure_words(self) -> list[str]:
        return [group.guide.lower() for group in self.groups if group.intent == "procedure"]


def _word(where: str, value) -> str:
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise GuideDataError(f"{where}: {value!r} must be a word (text without surrounding spaces)")
    return value


def load_synonyms(path: Path) -> Synonyms:
    """Read and validate data/synonyms.yml; every error names the file and the key."""
    data = load_yaml(path)
    check_keys(str(path), data, {"groups"}, {"ignore", "elsewhere", "generic", "elsewhere_endings"})
    if not isinstance(data["groups"], list) or not data["groups"]:
        raise GuideDataError(f"{path}: 'groups' must be a non-empty list")
    groups, seen = [], {}
    for index, entry in enumerate(data["groups"]):
        where = f"{path}: groups[{index}]"
        if isinstance(entry, dict) and isinstance(entry.get("guide"), str):
            where += f" ({entry['guide']})"
        check_keys(where, entry, {"guide", "words"}, {"intent"})
        guide = _word(f"{where}: key 'guide'", entry["guide"])
        if not isinstance(entry["words"], list) or not entry["words"]:
            raise GuideDataError(f"{where}: 'words' must be a non-empty list")
        words = tuple(_word(f"{where}: key 'words'", str(word) if isinstance(word, int) else word)
                      for word in entry["words"])
        intent = entry.get("intent")
        if intent is not None and intent not in INTENTS:
            raise GuideDataError(f"{where}: unknown intent {intent!r} (known: {', '.join(sorted(INTENTS))})")
        for word in (guide, *words):
            if word in seen and seen[word] != index:
                raise GuideDataError(f"{where}: '{word}' is already in groups[{seen[word]}]: a word belongs to one group")
            seen[word] = index
        groups.append(SynonymGroup(guide=guide, words=words, intent=intent))
    if sum(group.intent == "close" for group in groups) > 1:
        raise GuideDataError(f"{path}: only one group may have 'intent: close'")
    ignore = data.get("ignore", [])
    if not isinstance(ignore, list):
        raise GuideDataError(f"{path}: 'ignore' must be a list of words")
    ignore = tuple(_word(f"{path}: ignore[{i}]", word) for i, word in enumerate(ignore))
    for word in ignore:
        if word in seen:
            raise GuideDataError(f"{path}: ignore: '{word}' is also in groups[{seen[word]}]")
    elsewhere = data.get("elsewhere", [])
    if not isinstance(elsewhere, list):
        raise GuideDataError(f"{path}: 'elsewhere' must be a list of product or lender names")
    elsewhere = tuple(_word(f"{path}: elsewhere[{i}]", word) for i, word in enumerate(elsewhere))
    for i, word in enumerate(elsewhere):
        if word in seen or word in ignore or word in elsewhere[:i]:
            raise GuideDataError(f"{path}: elsewhere[{i}]: '{word}' is already a word of the search's lists")
    generic = data.get("generic", [])
    if not isinstance(generic, list):
        raise GuideDataError(f"{path}: 'generic' must be a list of words")
    generic = tuple(_word(f"{path}: generic[{i}]", word) for i, word in enumerate(generic))
    for i, word in enumerate(generic):
        if word in seen or word in ignore or word in elsewhere or word in generic[:i]:
            raise GuideDataError(f"{path}: generic[{i}]: '{word}' is already a word of the search's lists")
    endings = data.get("elsewhere_endings", [])
    if not isinstance(endings, list):
        raise GuideDataError(f"{path}: 'elsewhere_endings' must be a list of characters")
    endings = tuple(_word(f"{path}: elsewhere_endings[{i}]", word) for i, word in enumerate(endings))
    return Synonyms(groups=tuple(groups), ignore=ignore, elsewhere=elsewhere, generic=generic,
                    elsewhere_endings=endings)


def check_elsewhere(synonyms: Synonyms, index: dict, products: list[str], source: str) -> None:
    """A name of `elsewhere` must be no product the guide covers and appear nowhere in the guide
    (a name the guide writes is something it covers)."""
    text = "".join(index_text(doc) for doc in index["docs"]).lower()
    for position, name in enumerate(synonyms.elsewhere):
        if any(name in product or product in name for product in products):
            raise GuideDataError(f"{source}: elsewhere[{position}] ({name}): the guide covers {name}")
        if name.lower() in text:
            raise GuideDataError(f"{source}: elsewhere[{position}] ({name}): the guide writes '{name}', "
                                 "so it is no product the guide leaves out; remove it from 'elsewhere'")


def index_text(doc: dict) -> str:
    """A document's title and text without tags, as a reader sees them."""
    return TAG.sub(" ", f"{doc.get('title', '')} {doc.get('text', '')}")


def vocabulary(index: dict) -> Counter:
    """Each word of the guide's search index (lower case) -> how many documents have it."""
    return Counter({word: len(found) for word, found in index["words"]["terms"].items()})


def check_guide_words(synonyms: Synonyms, index: dict, source: str) -> None:
    """Every group's guide word must still be written somewhere in the guide."""
    text = "".join(index_text(doc) for doc in index["docs"]).lower()
    for position, group in enumerate(synonyms.groups):
        if group.guide.lower() not in text:
            raise GuideDataError(f"{source}: groups[{position}] ({group.guide}): the guide word "
                                 f"'{group.guide}' no longer appears in the guide; change 'guide' or remove the group")


def character_readings(characters, pinyin_function) -> dict[str, list[str]]:
    """Each Chinese character -> its toneless pinyin readings (all of them, for polyphones)."""
    return {ch: pinyin_function(ch) for ch in sorted(set(characters)) if HAN.match(ch)}


def pinyin_table(words, common: list[str], readings_of) -> dict[str, str]:
    """syllable -> characters read that way, for the syllables of the guide's words of two or
    more characters. Characters: the guide's own and `common`."""
    own = {ch for word in words if HAN.match(word) for ch in word}
    syllables = {syllable for word in words if HAN.match(word) and len(word) > 1
                 for ch in word for syllable in readings_of(ch)}
    table: dict[str, list[str]] = {}
    for ch in sorted(own | set(common)):
        for syllable in readings_of(ch):
            if syllable in syllables:
                table.setdefault(syllable, []).append(ch)
    return {syllable: "".join(chars) for syllable, chars in sorted(table.items())}


def traditional_pairs(table_lines, wanted: set[str]) -> str:
    """'繁简繁简…': OpenCC's traditional -> simplified characters whose simplified form is wanted."""
    pairs = []
    for line in table_lines:
        if not line.strip() or line.startswith("#"):
            continue
        traditional, simplified = line.rstrip("\n").split("\t")
        simplified = simplified.split(" ")[0]
        if len(traditional) == 1 and len(simplified) == 1 and simplified in wanted and traditional != simplified:
            pairs.append(traditional + simplified)
    return "".join(sorted(pairs))


def spellings(word: str, readings: dict[str, list[str]]) -> list[list[str]]:
    """Every pinyin reading of `word` (at most MAX_SPELLINGS), as query.js computes them."""
    result: list[list[str]] = [[]]
    for ch in word:
        options = readings.get(ch)
        if not options:
            return []
        result = [spelled + [option] for spelled in result for option in options][:MAX_SPELLINGS]
    return result


def ordinary_words(table: dict[str, str], sounded: list[str], key_terms: list[str], known: set[str],
                   candidates) -> list[str]:
    """The candidates (words of a general dictionary) that are not the guide's and that the
    search could read as a guide word by its sound: same syllables as one of `sounded`, or as
    part of a key term. `table`: syllable -> characters, as shipped to the search."""
    readings: dict[str, list[str]] = {}
    for syllable, characters in table.items():
        for ch in characters:
            readings.setdefault(ch, []).append(syllable)
    whole = {"".join(s) for word in sounded if HAN.match(word) and len(word) > 1 for s in spellings(word, readings)}
    inside = {" " + " ".join(s) + " " for word in key_terms if HAN.match(word) for s in spellings(word, readings)}
    found = set()
    for word in candidates:
        if word in known or word in found or not (1 < len(word) <= ORDINARY_MAX_LENGTH) or not HAN.match(word):
            continue
        for spelled in spellings(word, readings):
            if "".join(spelled) in whole or any(" " + " ".join(spelled) + " " in key for key in inside):
                found.add(word)
                break
    return sorted(found)


def build_dictionary(index: dict, synonyms: Synonyms, products: dict[str, str], offer: list[dict],
                     key_terms: list[str], common: list[str], readings_of, traditional_lines,
                     general_words=()) -> dict:
    """The whole dictionary as plain data (see the module's docstring).
    products: name -> its procedure page's location in the index; offer: [{title, location}];
    key_terms: the guide's own terms, preferred when several words sound or are spelled alike;
    general_words: a general dictionary's words, for `ordinary`."""
    terms = vocabulary(index)
    close = synonyms.close_word()
    if close is None:
        raise GuideDataError("data/synonyms.yml: no group has 'intent: close'")
    words_typed = [w for group in synonyms.groups for w in (group.guide, *group.words)] + list(synonyms.ignore)
    wanted = {ch for word in [*terms, *words_typed] for ch in word}
    keys = sorted({term.lower() for term in [*key_terms, *products, *(g.guide for g in synonyms.groups)]
                   if term.lower() in terms})
    table = pinyin_table([*terms, *words_typed], common, readings_of)
    synonym_words = {word.lower(): group.guide.lower() for group in synonyms.groups for word in group.words}
    known = set(terms) | set(synonym_words) | set(synonyms.ignore)
    return {
        # The index's words, most sections first, as one string (a word has no space): what a
        # query's pieces are looked up in, and the order in which the longer words that contain
        # a piece are tried. A string, not a {word: count} map, keeps the dictionary small.
        "terms": " ".join(sorted(terms, key=lambda word: (-terms[word], word))),
        "pinyin": table,
        "traditional": traditional_pairs(traditional_lines, wanted),
        "synonyms": synonym_words,
        "ignore": list(synonyms.ignore),
        "keys": keys,
        "ordinary": ordinary_words(table, [*terms, *synonym_words], keys, known, general_words),
        "intent": {"close": close, "products": products, "about": synonyms.about_words(),
                   "procedure": synonyms.procedure_words()},
        "generic": [word.lower() for word in synonyms.generic],
        "elsewhere": [name.lower() for name in synonyms.elsewhere],
        "elsewhere_endings": list(synonyms.elsewhere_endings),
        "offer": offer,
        # What a Chinese character is (guide/chars.py), for query.js's patterns.
        "han": HAN_CLASS,
        "max_spellings": MAX_SPELLINGS,
    }


def dictionary_script(dictionary: dict) -> str:
    """The dictionary as a script (assets/javascripts/search/dictionary.js)."""
    from guide.search_index import data_script

    return data_script("GUIDE_SEARCH_DICT", dictionary, "guide/search_dictionary.py from the search index and data/")


# --- the sources on this machine: pypinyin, OpenCC's table, jieba's dictionary ---------------

def pypinyin_readings(ch: str) -> list[str]:
    from pypinyin import Style, pinyin

    return list(dict.fromkeys(pinyin(ch, style=Style.NORMAL, heteronym=True)[0]))


def common_characters(limit: int = COMMON_CHARACTERS) -> list[str]:
    """The `limit` most frequent Chinese characters in jieba's dictionary (word frequencies)."""
    import jieba

    counts: Counter = Counter()
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as lines:
        for line in lines:
            word, frequency, *_ = line.split()
            for ch in word:
                if HAN.match(ch):
                    counts[ch] += int(frequency)
    return [ch for ch, _ in counts.most_common(limit)]


def jieba_words(min_frequency: int = ORDINARY_MIN_FREQUENCY) -> list[str]:
    """The words of jieba's dictionary used at least `min_frequency` times."""
    import jieba

    words = []
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as lines:
        for line in lines:
            word, frequency, *_ = line.split()
            if int(frequency) >= min_frequency:
                words.append(word)
    return words


def opencc_traditional_lines() -> list[str]:
    """OpenCC's traditional -> simplified character table, as shipped by its Python package."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    return path.read_text(encoding="utf-8").splitlines()


def user_dictionary_words(path: Path) -> list[str]:
    """The words of a jieba user dictionary (first field of each line)."""
    return [line.split()[0] for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]

"""Seeded synthetic news articles for benchmarks.

Real libraries cannot be shipped, and benchmark figures only mean something
when the text looks like news to SQLite's tokenizer: a Zipf-like vocabulary
of real English words, named things (companies, cities, people, numbers,
dates), ~600 words a story in paragraphs. On top of that, three planted
classes of search terms with known frequencies give the benchmark queries
whose match counts are predictable:

* ``RARE_WORDS``   each in ~0.1–0.45 % of the articles,
* ``COMMON_WORDS`` each in ~3–4.7 % of the articles,
* ``PHRASES``      two ordinary words, together in ~1–4.5 % of the articles.

The vocabulary is fixed (its own constant seed); only the articles depend on
the seed given, so two runs with the same seed write identical files.

Speed matters (100,000 articles must take seconds, not minutes): all the
per-word random work happens once, when a pool of sentences is drawn; an
article is then a few dozen picks from that pool plus a handful of template
sentences for its named things and planted terms.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# -- vocabulary -------------------------------------------------------------------

#: The most frequent words of English news prose, most frequent first.
FUNCTION_WORDS = """
the of to and a in that is for on it with as was he be by at said from his an have
has are not but this they were had who will which or would their been its one about
more after also we new than up out there when other all year i two into over can
people last some could first what government our only if time she three years her
no because said many most so just may like him them now before those while where
even while under between against during since then these how any back through
million percent told do did such much both next while very well each made still
""".split()

NOUNS = """
market company report week month day state country city president minister official
police court law bill vote election party leader group plan deal price cost rate
bank money tax budget economy growth job worker industry business firm share stock
investor trade export import oil gas energy power water food health hospital doctor
patient school student teacher university research study data system network service
product customer sale profit loss revenue debt fund bond dollar euro policy program
project team player game season club coach match league fan crowd border security
military army troop war attack force weapon peace talk agreement treaty region area
island coast river mountain road bridge rail train airport flight car vehicle factory
plant mine farm farmer crop land home house housing family child parent woman man
community council mayor governor senator lawmaker committee agency department office
spokesperson statement interview question answer issue problem crisis risk threat
decision case charge trial judge lawyer prison victim suspect investigation evidence
campaign candidate poll voter protest strike union labor wage salary pension reform
climate weather storm flood fire heat emission carbon pollution air environment
technology software computer phone internet platform app user account privacy cyber
chip device battery engine model design launch test result analysis expert analyst
director executive chairman board member staff employee manager partner client
contract supply chain demand shortage inflation interest loan credit mortgage
property estate building construction infrastructure transport traffic port ship
cargo container vaccine disease virus drug treatment care insurance benefit welfare
population migrant refugee citizen resident neighborhood village town capital
province district nation world history culture art music film book festival museum
church religion faith media newspaper television radio reporter journalist story
news source document letter message email video photo image record number figure
level rise fall change increase decline drop gain surge slump target goal effort
move step measure action response support opposition criticism concern pressure
control access effect impact role level value quality standard rule regulation
license permit approval ban limit deadline schedule delay meeting summit conference
visit trip tour event ceremony award prize winner champion victory defeat score
goal minute hour night morning evening weekend quarter half period term future
past moment stage phase round series version edition sector segment division unit
center centre headquarters branch store shop mall restaurant hotel tourist visitor
audience viewer reader listener guest host speaker author writer editor producer
grid deficit spending production rollout officer defense pollution
""".split()

VERBS = """
say report announce expect plan include add raise cut increase reduce open close
start end begin continue remain become seem show suggest warn claim deny admit
agree refuse accept reject approve support oppose back call ask answer tell know
think believe want need help work play win lose lead follow hold keep bring take
give make build create produce sell buy pay spend cost invest borrow lend save
grow expand shrink fall rise drop climb jump slip recover return arrive leave move
travel fly drive visit meet join attend host launch release publish post share
receive send deliver provide offer serve protect defend attack strike hit kill die
injure arrest charge convict sentence sue investigate review examine test study
measure estimate forecast predict project count track monitor watch observe notice
discover find reveal confirm deny insist argue debate discuss negotiate sign
""".split()

ADJECTIVES = """
new last first big large small high low long short major local national global
international foreign domestic public private political economic financial social
federal regional military legal official former current recent early late key main
top senior chief general special strong weak rapid slow sharp steady stable
important significant serious difficult hard easy clear possible likely unlikely
full free open real final annual monthly weekly daily digital online human natural
environmental industrial commercial nuclear civil criminal medical central
""".split()

#: Past tenses that do not end in -ed, and verbs that double their last letter.
IRREGULAR_PAST = {
    "say": "said", "cut": "cut", "begin": "began", "become": "became", "tell": "told",
    "know": "knew", "think": "thought", "win": "won", "lose": "lost", "lead": "led",
    "hold": "held", "keep": "kept", "bring": "brought", "take": "took", "give": "gave",
    "make": "made", "build": "built", "sell": "sold", "buy": "bought", "pay": "paid",
    "spend": "spent", "cost": "cost", "lend": "lent", "grow": "grew", "fall": "fell",
    "rise": "rose", "leave": "left", "fly": "flew", "drive": "drove", "meet": "met",
    "send": "sent", "strike": "struck", "hit": "hit", "find": "found", "forecast": "forecast",
    "sentence": "sentenced", "shrink": "shrank", "die": "died",
}
_DOUBLING = {"cut", "plan", "drop", "slip", "hit", "win", "begin"}

#: Roots and endings for the long tail of technical and institutional words.
_TAIL_HEADS = """
hydro thermo neuro micro macro geo bio electro photo radio aero agro cardio
chrono crypto demo ethno gastro helio immuno litho magneto meta nano ortho
paleo petro phyto poly proto pseudo psycho quasi retro socio stereo techno
tele topo urbano vaso xeno zoo astro cyto
""".split()
_TAIL_TAILS = """
graphy logy metric metry scope phone genic genesis sphere plasm lytic tropic
morphic centric cracy nomics phobia philia therapy lith gram meter stat
sonic static synthesis kinetic dynamic chemical physical genetic thermal
cyte path spore plex
""".split()

RARE_WORDS = """
aquifer zeppelin marmalade obsidian tapestry walrus origami saffron catamaran
falconry harpsichord kaleidoscope labyrinth mandolin nebula oregano pelican
quinoa rhubarb sarcophagus trombone ukulele vermilion wombat xylophone yodel
zucchini alpaca barnacle chameleon dulcimer eucalyptus flamingo gondola hibiscus
iguana jasmine kumquat lighthouse porcupine
""".split()

COMMON_WORDS = """
archipelago biodiversity blockchain cartel cryptocurrency desalination embargo
filibuster geothermal hurricane impeachment jurisdiction kerosene landslide
monsoon nanotechnology ombudsman pandemic quarry referendum sanctuary telescope
uranium volcano wildfire asylum bankruptcy copper dividend earthquake fertilizer
glacier avalanche insulin lithium lottery nickel orchard plantation robotics
""".split()

PHRASES = [
    "supply chain", "interest rate", "central bank", "trade deal", "climate policy",
    "labor union", "housing market", "energy price", "public health", "border security",
    "election campaign", "tax reform", "stock market", "oil production", "water shortage",
    "police officers", "school board", "peace talks", "budget deficit", "data privacy",
    "cyber attack", "power grid", "food prices", "wage growth", "air pollution",
    "nuclear plant", "rail strike", "foreign minister", "defense spending", "vaccine rollout",
]

# -- named things -------------------------------------------------------------------

CITIES = [*"""
Tokyo Seoul Busan Osaka Beijing Shanghai Shenzhen Taipei Singapore Jakarta Manila
Bangkok Hanoi Mumbai Delhi Karachi Dubai Riyadh Tehran Istanbul Ankara Cairo Lagos
Nairobi Johannesburg Casablanca Madrid Barcelona Lisbon Paris Lyon Brussels Amsterdam
Rotterdam Berlin Munich Hamburg Zürich Geneva Vienna Prague Warsaw Budapest Kyiv
Stockholm Oslo Helsinki Copenhagen Dublin London Manchester Edinburgh Toronto
Montreal Vancouver Chicago Houston Boston Seattle Denver Atlanta Miami Phoenix
""".split(), "New York", "Los Angeles", "San Francisco", "Mexico City", "São Paulo",
             "Buenos Aires", "Rio de Janeiro", "Cape Town", "Hong Kong", "Kuala Lumpur"]

FIRST_NAMES = """
James Maria Chen Aisha Daniel Sofia Hiroshi Fatima Lucas Emma Raj Olga Tomás Ingrid
Kwame Mei Omar Elena Pierre Yuki Samuel Amara Ivan Leila Marco Hannah Diego Priya
Jonas Chloé Ahmed Laura Kenji Nadia Peter Grace Minh Zoe Andrés Sara Felix Noor
Viktor Julia Tariq Anna Luis Beatriz Stefan Ji-woo
""".split()

LAST_NAMES = """
Smith García Kim Müller Rossi Nguyen Patel Johansson Okafor Tanaka Silva Novak
Dubois Cohen Ivanova Fernández Haddad Larsen Moreau Schmidt Park Wang Ali Brown
Kowalski Yilmaz Costa Jensen Mensah Sato Lopez Weber Ahmed Hughes Santos Chowdhury
Petrov Fischer Murphy Lee Bianchi Andersson Mendoza Khan Taylor Romero Lindqvist
Wright Yamamoto Abebe
""".split()

_COMPANY_HEADS = """
Northwind Meridian Halcyon Vantage Apex Bluewater Ironbridge Silverline Crestview
Redstone Brightpath Evergreen Summit Harbor Keystone Pinnacle Sterling Horizon
Granite Cobalt
""".split()
_COMPANY_TAILS = """
Holdings Systems Energy Bank Motors Pharma Logistics Semiconductor Telecom Foods
""".split()

ROLES = [
    "chief executive", "spokesperson", "finance minister", "senior analyst",
    "professor of economics", "union leader", "city councillor", "chief economist",
    "police spokesperson", "head of research", "regional director", "board member",
]

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

_OUTLET_NAMES = """
Daily Ledger|Morning Courier|Evening Standard Post|Harbor Times|Capital Herald|
Northern Gazette|Southern Chronicle|Metro Observer|Global Dispatch|Continental Review|
Pacific Tribune|Atlantic Monitor|Riverside Journal|Valley News|Coastal Record|
Business Wire Weekly|Market Signal|Policy Brief|Tech Current|Science Bulletin|
City Beacon|Union Register|Frontier Press|Summit Daily|Harbour Mail|Civic Examiner|
Lakeside Sentinel|Prairie Star|Highland Reporter|Island Voice|Central Times|
Eastern Star|Western Clarion|Bay Area Ledger|Twin Cities Post|Old Town Crier|
World Report|Asia Pacific Wire|Euro Observer|Africa Focus|Latin Review|
Energy Desk|Health Watch|Climate Record|Money Matters|Transport Today|
Defense Digest|Campus Chronicle|Culture Column|Sports Final
"""
OUTLETS = [name.strip() for name in _OUTLET_NAMES.split("|") if name.strip()]

#: Years covered by published_at: three full years from this start.
START = "2022-01-01T00:00:00Z"
_START_EPOCH = 1640995200  # START as seconds since the epoch (UTC)
_SPAN_SECONDS = 3 * 365 * 24 * 3600

_VOCAB_SEED = 0xC0FFEE
_POOL_SENTENCES = 60_000


def _verb_forms(verb: str) -> list[str]:
    """Base, -s, past and -ing forms, spelled as English spells them."""
    if verb == "die":
        return ["die", "dies", "died", "dying"]
    if verb in _DOUBLING:
        stem = verb + verb[-1]
    elif verb.endswith("e") and not verb.endswith("ee"):
        stem = verb[:-1]
    elif verb.endswith("ee"):
        stem = verb[:-1]  # agree -> agreed (the -ing form is fixed below)
    else:
        stem = verb
    third = verb + "es" if verb.endswith(("s", "sh", "ch", "x")) else verb + "s"
    if verb.endswith("y") and verb[-2] not in "aeiou":
        third = verb[:-1] + "ies"
    past = IRREGULAR_PAST.get(verb) or (verb[:-1] + "ied" if third.endswith("ies") else stem + "ed")
    return [verb, third, past, (verb if verb.endswith("ee") else stem) + "ing"]


#: Nouns news prose rarely puts in the plural, and plurals English spells its own way.
_UNCOUNTABLE = {
    "data", "peace", "research", "evidence", "health", "money", "news", "welfare",
    "software", "traffic", "weather", "privacy", "pollution", "housing", "spending",
    "production", "labor", "inflation", "infrastructure", "construction", "security",
    "media", "care", "insurance", "access", "control", "history", "culture", "music",
    "quality", "support", "opposition", "criticism", "pressure", "air", "land", "food",
}
_IRREGULAR_PLURAL = {"crisis": "crises", "analysis": "analyses", "man": "men",
                     "woman": "women", "child": "children", "headquarters": "headquarters"}


def _plural(noun: str) -> str:
    if noun in _IRREGULAR_PLURAL:
        return _IRREGULAR_PLURAL[noun]
    if noun.endswith(("s", "sh", "ch", "x")):
        return noun + "es"
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def build_vocabulary() -> list[str]:
    """All ordinary words, most frequent first (its order sets the Zipf ranks).

    Inflected forms make the vocabulary a few thousand words, as real news has,
    and give the porter stemmer real work to do.
    """
    rng = random.Random(_VOCAB_SEED)
    content = [*NOUNS, *VERBS, *ADJECTIVES]
    rng.shuffle(content)  # interleave kinds of words across the ranks
    verbs, nouns = set(VERBS), set(NOUNS)
    forms: list[str] = []
    for word in content:
        if word in verbs:
            forms.extend(_verb_forms(word))
        elif word in nouns:
            forms.extend([word] if word in _UNCOUNTABLE else [word, _plural(word)])
        else:
            forms.append(word)
    tail = [head + end for head, end in itertools.product(_TAIL_HEADS, _TAIL_TAILS)]
    rng.shuffle(tail)
    words: list[str] = []
    seen: set[str] = set()
    planted = set(RARE_WORDS) | set(COMMON_WORDS)
    for word in [*FUNCTION_WORDS, *forms, *tail]:
        if word not in seen and word not in planted:
            seen.add(word)
            words.append(word)
    return words


def _zipf_cum_weights(size: int, s: float = 1.1, q: float = 2.7) -> list[float]:
    """Cumulative Zipf–Mandelbrot weights 1/(rank+q)^s, for random.choices."""
    return list(itertools.accumulate(1.0 / (rank + q) ** s for rank in range(1, size + 1)))


class ArticleGenerator:
    """Articles as dicts in the ``newsreader show --json`` shape, from one seed.

    Construction draws the sentence pool (about a second); each article after
    that is cheap. The planted-term rates are per article, so a term's match
    count is close to ``rate * n`` whatever ``n`` is.
    """

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.vocabulary = build_vocabulary()
        function_words = set(FUNCTION_WORDS)
        self._content = [w for w in self.vocabulary if w not in function_words]
        self._content_cum = _zipf_cum_weights(len(self._content))
        self._pool, self._pool_lengths = self._sentence_pool(_POOL_SENTENCES)
        self._companies = [f"{h} {t}" for h, t in itertools.product(_COMPANY_HEADS, _COMPANY_TAILS)]
        self._people = [
            f"{first} {last}" for first, last in itertools.product(FIRST_NAMES, LAST_NAMES)
        ]
        self._title_names = (*CITIES, *self._companies[:40])
        self._planted, self._planted_cum, self._planted_total = self._planted_terms()

    # -- setup ----------------------------------------------------------------------
    def _sentence_pool(self, count: int) -> tuple[list[str], list[int]]:
        """Draw every pool word in one random.choices call, then cut into sentences."""
        lengths = [self.rng.randint(8, 28) for _ in range(count)]
        words = self.rng.choices(
            self.vocabulary, cum_weights=_zipf_cum_weights(len(self.vocabulary)), k=sum(lengths)
        )
        sentences: list[str] = []
        at = 0
        for length in lengths:
            chunk = words[at:at + length]
            at += length
            if length > 14:
                cut = self.rng.randint(4, length - 4)
                chunk[cut] += ","
            text = " ".join(chunk)
            sentences.append(text[0].upper() + text[1:] + ".")
        return sentences, lengths

    def _planted_terms(self) -> tuple[list[str], list[float], float]:
        """Each planted term with its per-article rate, as cumulative weights.

        The rates are drawn from a generator of their own so that they, like
        the vocabulary, are the same for every seed.
        """
        rates_rng = random.Random(_VOCAB_SEED + 1)
        terms: list[str] = []
        rates: list[float] = []
        for words, low, high in ((RARE_WORDS, 0.001, 0.0045), (COMMON_WORDS, 0.03, 0.047),
                                 (PHRASES, 0.01, 0.045)):
            for term in words:
                terms.append(term)
                rates.append(rates_rng.uniform(low, high))
        return terms, list(itertools.accumulate(rates)), sum(rates)

    # -- one article -------------------------------------------------------------------
    def article(self, index: int) -> dict[str, Any]:
        rng = self.rng
        published = _START_EPOCH + rng.randrange(_SPAN_SECONDS)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(published))
        source = rng.choice(OUTLETS)
        planted = self._draw_planted()
        title = self._title(planted)
        body = self._body(planted)
        author = None if rng.random() < 0.06 else rng.choice(self._people)
        slug = "-".join(title.lower().split()[:5]).strip(".,")
        domain = source.lower().replace(" ", "") + ".example.com"
        return {
            "title": title,
            "source": source,
            "author": author,
            "url": f"https://www.{domain}/{stamp[:4]}/{stamp[5:7]}/{slug}-{self.seed}-{index}",
            "published_at": stamp,
            "tags": [],
            "is_read": rng.random() < 0.3,
            "is_starred": rng.random() < 0.02,
            "note": "",
            "body_text": body,
        }

    def _draw_planted(self) -> list[str]:
        """Planted terms for one article: a Poisson count, then weighted picks."""
        rng = self.rng
        count, threshold, product = 0, math.exp(-self._planted_total), rng.random()
        while product > threshold:
            count += 1
            product *= rng.random()
        if not count:
            return []
        return rng.choices(self._planted, cum_weights=self._planted_cum, k=count)

    def _title(self, planted: list[str]) -> str:
        rng = self.rng
        size = rng.randint(6, 12)
        words = rng.choices(self._content, cum_weights=self._content_cum, k=size - 1)
        words.insert(rng.randrange(size), rng.choice(self._title_names))
        if planted and rng.random() < 0.25:
            words[rng.randrange(len(words))] = planted[0]
        text = " ".join(words)
        return text[0].upper() + text[1:]

    def _named_sentence(self) -> str:
        """One sentence about named things: people, companies, places, figures, dates."""
        rng = self.rng
        person, company, city = (
            rng.choice(self._people),
            rng.choice(self._companies),
            rng.choice(CITIES),
        )
        role, weekday = rng.choice(ROLES), rng.choice(WEEKDAYS)
        month, day = rng.choice(MONTHS), rng.randint(1, 28)
        number = rng.randint(2, 980)
        pct = f"{rng.randint(1, 39)}.{rng.randint(0, 9)}"
        kind = rng.randrange(6)
        if kind == 0:
            return (f"{person}, {role} at {company}, said on {weekday} that the figures for "
                    f"{city} were {pct} percent higher.")
        if kind == 1:
            return (f"{company} shares closed at ${number}.{rng.randint(10, 99)} in {city} "
                    f"on {month} {day}.")
        if kind == 2:
            return f"In {city}, about {number},000 people were affected, according to {person}."
        if kind == 3:
            return (f"The deal, worth ${number} million, is expected to close by {month} {day}, "
                    f"{company} said.")
        if kind == 4:
            return (f"{person} told reporters in {city} on {weekday} that talks with {company} "
                    "would resume.")
        return (f"Output at the {city} site fell {pct} percent in {month}, the {role} of "
                f"{company}, {person}, said.")

    def _planted_sentence(self, term: str) -> str:
        """Put a planted term into the middle of an ordinary pool sentence."""
        words = self.rng.choice(self._pool).split()
        words.insert(self.rng.randint(1, len(words) - 1), term)
        return " ".join(words)

    def _body(self, planted: list[str]) -> str:
        rng = self.rng
        sentences = [self._named_sentence() for _ in range(rng.randint(3, 6))]
        sentences.extend(self._planted_sentence(term) for term in planted)
        target, words = rng.randint(520, 680), 15 * len(sentences)
        pool, lengths = self._pool, self._pool_lengths
        size = len(pool)
        while words < target:
            pick = int(rng.random() * size)
            sentences.append(pool[pick])
            words += lengths[pick]
        rng.shuffle(sentences)
        paragraphs: list[str] = []
        at = 0
        while at < len(sentences):
            step = rng.randint(2, 5)
            paragraphs.append(" ".join(sentences[at:at + step]))
            at += step
        return "\n\n".join(paragraphs)


def iter_articles(n: int, seed: int) -> Iterator[dict[str, Any]]:
    """The first ``n`` articles of the stream for ``seed``."""
    generator = ArticleGenerator(seed)
    for index in range(n):
        yield generator.article(index)


def write_jsonl(path: str | Path, n: int, seed: int) -> Path:
    """Write ``n`` articles as JSON Lines (UTF-8, as ``show --json`` spells text)."""
    path = Path(path)
    with path.open("w", encoding="utf-8") as handle:
        for item in iter_articles(n, seed):
            handle.write(json.dumps(item, ensure_ascii=False))
            handle.write("\n")
    return path


def write_jsonl_shards(folder: str | Path, n: int, seed: int, per_file: int) -> list[Path]:
    """The same stream as :func:`write_jsonl`, cut into files of ``per_file`` lines.

    The importer refuses files over 50 MiB, and 100,000 articles are ~400 MB.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    stream = iter_articles(n, seed)
    for number in itertools.count():
        batch = list(itertools.islice(stream, per_file))
        if not batch:
            break
        path = folder / f"articles-{number:04d}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(item, ensure_ascii=False) + "\n" for item in batch)
        paths.append(path)
    return paths


if __name__ == "__main__":
    import sys

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    started = time.perf_counter()
    target = write_jsonl(Path("/tmp/synth.jsonl"), count, 1)
    print(f"{count} articles -> {target} in {time.perf_counter() - started:.2f} s")

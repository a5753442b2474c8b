"""Is this incoming contact someone we already know? And which people we know are the same person twice?

Evidence is weighed in a fixed order: the same LinkedIn profile is the same person; a shared email address
is the same person; otherwise a name and organisation that are nearly identical make a confident match, a
looser resemblance is offered to the user to confirm, and anything else is a new person.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, NamedTuple, Protocol
from urllib.parse import quote, unquote, urlsplit

from rapidfuzz import fuzz, process

MatchKind = Literal["url", "email", "fuzzy", "uncertain", "new"]

# Similarity thresholds, 0-100, on accent-folded text (token_sort_ratio ignores word order).
CONFIDENT_NAME_SCORE = 90.0  # with CONFIDENT_ORG_SCORE: same person, no question asked
CONFIDENT_ORG_SCORE = 85.0
UNCERTAIN_NAME_SCORE = 85.0  # with UNCERTAIN_ORG_SCORE: ask the user
UNCERTAIN_ORG_SCORE = 60.0
SAME_NAME_SCORE = 97.0  # practically the same name at another organisation: people move, so ask
NAME_ONLY_SCORE = 90.0  # when either side has no organisation, a close name alone is worth asking about
EXACT_SCORE = 100.0

_REASON_RANK: dict[str, int] = {"url": 0, "email": 1, "fuzzy": 2, "uncertain": 3}
_CREDENTIALS = frozenset({
    "mba", "phd", "md", "jd", "cpa", "cfa", "pmp", "msc", "ma", "ms", "bsc", "ba", "bs", "esq",
    "jr", "sr", "ii", "iii", "iv", "pe", "rn", "mph", "mpa", "llm", "dds",
})
_LEGAL_FORMS = frozenset({
    "inc", "llc", "ltd", "limited", "gmbh", "ag", "sa", "sas", "plc", "corp", "corporation", "co", "the",
    "lp", "llp", "bv", "nv",
})
# Letters that Unicode does not decompose into a base letter plus an accent.
_LETTERS = str.maketrans({"ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ł": "l", "Ł": "l",
                          "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "ı": "i"})
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_PLAIN_PROFILE = re.compile(r"(?i)(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com(/in/[^/?#\s]+)/?(?:[?#].*)?")


class ContactLike(Protocol):
    """What the matcher needs to know about an incoming contact (a ContactRecord fits)."""

    @property
    def full_name(self) -> str: ...
    @property
    def emails(self) -> Sequence[str]: ...
    @property
    def linkedin_url(self) -> str: ...
    @property
    def organization(self) -> str: ...


@dataclass(frozen=True, slots=True)
class KnownPerson:
    """A person already in the user's network, as the matcher sees them."""

    id: int
    full_name: str
    emails: tuple[str, ...] = ()
    linkedin_url: str = ""
    organization: str = ""
    folded_name: str = ""
    """``fold_name(full_name)`` when the caller already has it (a stored Person's folded_name), else ""."""


@dataclass(frozen=True, slots=True)
class MatchDecision:
    """Who an incoming contact is: ``kind`` says on what evidence, ``person_id`` is None for 'new'.

    ``score`` is 100 for url and email matches; for fuzzy and uncertain ones it is the mean of the name
    and organisation similarities when both organisations are known, else the name similarity.
    """

    kind: MatchKind
    person_id: int | None
    score: float


class DuplicatePair(NamedTuple):
    """Two people in the network who look like one person; ``reason`` is a MatchKind other than 'new'."""

    id_a: int
    id_b: int
    score: float
    reason: MatchKind


def fold_text(text: str) -> str:
    """Lower-case words without accents or punctuation: 'Zoë Ødegaard' -> 'zoe odegaard'."""
    # Apostrophes join rather than split, so that O'Sullivan, O’Sullivan and OSullivan agree.
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS).replace("'", "").replace("\u2019", ""))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(_NOT_WORD.split(bare)).strip()


@lru_cache(maxsize=1024)
def fold_name(name: str) -> str:
    """A person's name folded for comparison; 'Núñez, José' and 'José Núñez, MBA' both become 'jose nunez'.

    The last names folded are remembered: an import folds each incoming name more than once in a row.
    """
    if "," in name:
        before, after = name.split(",", 1)
        trailing = fold_text(after).split()
        # After a comma come either credentials ("MBA, PhD") or the given names ("Núñez, José").
        name = before if all(word in _CREDENTIALS for word in trailing) else f"{after} {before}"
    return fold_text(name)


@lru_cache(maxsize=8192)
def fold_organization(organization: str) -> str:
    """An organisation folded for comparison, without legal forms: 'Acme, Inc.' -> 'acme'.

    Remembered for the last few thousand names: an import folds the same employers row after row.
    """
    return " ".join(word for word in fold_text(organization).split() if word not in _LEGAL_FORMS)


def normalise_email(email: str) -> str:
    """An address as compared: trimmed, lower case, without 'mailto:'; "" when it is not an address (no
    "@", or longer than the 254 characters an address can have)."""
    email = email.strip().lower().removeprefix("mailto:")
    return email if "@" in email.strip("@") and len(email) <= 254 else ""


def normalise_linkedin_url(url: str) -> str:
    """One spelling per LinkedIn profile: https, www host, lower-case slug, no query or trailing slash.

    'linkedin.com/in/Jose-Nunez/?trk=x' and 'https://uk.linkedin.com/in/jose-nunez' both become
    'https://www.linkedin.com/in/jose-nunez'. A URL that is not on linkedin.com is returned trimmed.
    """
    url = url.strip()
    if not url:
        return ""
    # Fast path for the spelling exports use; a 30,000-row import calls this for every row.
    if (plain := _PLAIN_PROFILE.fullmatch(url)) and plain.group(1).isascii() and "%" not in plain.group(1):
        spelled = "https://www.linkedin.com" + plain.group(1).lower()
        return url if spelled == url else spelled  # the same string back: an import keeps one copy per URL
    try:
        parts = urlsplit(url if "://" in url else f"https://{url}")
        host = (parts.hostname or "").lower()
    except ValueError:  # not a URL at all ("[x](y)", a broken IPv6 host): keep what the user had
        return url
    if host != "linkedin.com" and not host.endswith(".linkedin.com"):
        return url
    path = unquote(parts.path).rstrip("/").lower()
    if path.startswith("/in/"):
        path = "/".join(path.split("/")[:3])  # '/in/slug/details/experience' is the same profile
    return "https://www.linkedin.com" + quote(path, safe="/-_.~")


def _name_block(folded_name: str) -> str:
    """Initials of the first and last word ('jose nunez' -> 'jn'): names alike enough to match share them."""
    words = folded_name.split()
    return words[0][0] + words[-1][0] if words else ""


@dataclass(frozen=True, slots=True)
class _Entry:
    id: int
    name: str
    organization: str
    linkedin_url: str


def _entry(person: KnownPerson, url: str | None = None) -> _Entry:
    name = person.folded_name or fold_name(person.full_name)
    return _Entry(person.id, name, fold_organization(person.organization),
                  normalise_linkedin_url(person.linkedin_url) if url is None else url)


def _resemblance(name_score: float, a: _Entry, b: _Entry) -> tuple[MatchKind, float] | None:
    """The band two people fall in on name and organisation alone, with its score, or None."""
    if a.linkedin_url and b.linkedin_url and a.linkedin_url != b.linkedin_url:
        # Two different LinkedIn profiles are two people, however alike the names: never merge silently.
        return ("uncertain", name_score) if name_score >= SAME_NAME_SCORE else None
    if a.organization and b.organization:
        org_score = fuzz.token_sort_ratio(a.organization, b.organization)
        mean = round((name_score + org_score) / 2, 1)
        if name_score >= CONFIDENT_NAME_SCORE and org_score >= CONFIDENT_ORG_SCORE:
            return "fuzzy", mean
        if name_score >= UNCERTAIN_NAME_SCORE and org_score >= UNCERTAIN_ORG_SCORE:
            return "uncertain", mean
        return ("uncertain", round(name_score, 1)) if name_score >= SAME_NAME_SCORE else None
    return ("uncertain", round(name_score, 1)) if name_score >= NAME_ONLY_SCORE else None


def _better(found: tuple[MatchKind, float], best: tuple[MatchKind, float] | None) -> bool:
    if best is None:
        return True
    return (_REASON_RANK[found[0]], -found[1]) < (_REASON_RANK[best[0]], -best[1])


def _sorted_words(folded: str) -> str:
    return " ".join(sorted(folded.split()))


MAX_COMPARED_PER_BLOCK = 2000
"""At most this many names are compared per block for one incoming contact.

A block (people sharing initials, or an organisation) can hold thousands of similar names; comparing
each incoming name with all of them made a 30,000-card import quadratic. Past this size a block is
narrowed to the people who share a start or an end of the first and last words with the incoming name
(see _narrow_keys; still capped, most recent first), and people with exactly the same name are always
compared, so confident matches are kept while the cost per contact stays bounded.
"""


def _narrow_keys(folded_name: str) -> tuple[str, ...]:
    """'jose nunez' -> ('jo nu<', 'jo ez>', 'se nu>'): the sub-blocks a name falls in inside a crowded block.

    Three keys, from the starts and ends of the first and last words, so a name with one typo still
    shares at least one sub-block with the correct spelling.
    """
    words = folded_name.split()
    if not words:
        return ()
    first, last = words[0], words[-1]
    return f"{first[:2]} {last[:2]}<", f"{first[:2]} {last[-2:]}>", f"{first[-2:]} {last[:2]}>"


class _Block:
    """People sharing a blocking key, with their sorted-word names beside them and narrower sub-blocks."""

    __slots__ = ("entries", "names", "narrow")

    def __init__(self) -> None:
        self.entries: list[_Entry] = []
        self.names: list[str] = []
        self.narrow: dict[str, tuple[list[_Entry], list[str]]] = {}

    def add(self, entry: _Entry, sorted_name: str) -> None:
        self.entries.append(entry)
        self.names.append(sorted_name)
        if len(self.names) > MAX_COMPARED_PER_BLOCK:
            # Sub-blocks exist only in crowded blocks (made when the block first grows past the cap, in
            # the order people were added): three small lists per person in every block cost 30 MiB
            # on a 30,000-row import and were never read.
            if not self.narrow:
                for earlier, name in zip(self.entries[:-1], self.names[:-1]):
                    self._narrow(earlier, name)
            self._narrow(entry, sorted_name)

    def _narrow(self, entry: _Entry, sorted_name: str) -> None:
        for key in _narrow_keys(entry.name):
            sub = self.narrow.setdefault(key, ([], []))
            sub[0].append(entry)
            sub[1].append(sorted_name)

    def candidates(self, probe_name: str) -> list[tuple[list[_Entry], list[str]]]:
        """Whom to compare an incoming name with: everyone, or (in a crowded block) its bounded sub-blocks."""
        if len(self.names) <= MAX_COMPARED_PER_BLOCK:
            return [(self.entries, self.names)]
        share = MAX_COMPARED_PER_BLOCK // 3
        found = []
        for key in _narrow_keys(probe_name):
            entries, names = self.narrow.get(key, ([], []))
            found.append((entries[-share:], names[-share:]) if len(names) > share else (entries, names))
        return found


class PeopleIndex:
    """The user's network indexed for matching many incoming contacts quickly (build once per import).

    People are grouped by the initials of their first and last names and by organisation, so a fuzzy
    comparison only looks at the few people who could plausibly be the same; a crowded group is narrowed
    further (see MAX_COMPARED_PER_BLOCK), so matching stays linear in the number of incoming contacts.
    """

    def __init__(self, people: Iterable[KnownPerson] = ()) -> None:
        self._by_url: dict[str, int] = {}
        self._by_email: dict[str, int] = {}
        self._by_name: dict[str, list[_Entry]] = {}  # exact sorted-word name: always compared
        self._blocks_by_initials: dict[str, _Block] = {}
        self._blocks_by_organization: dict[str, _Block] = {}
        # People whose names are not in the blocks yet: the blocks are built on the first row that needs
        # them, so a re-import (every row found by its URL or email) never folds a single stored name.
        self._pending: list[tuple[KnownPerson, str]] | None = []
        self._last_probe: tuple[str, str, _Entry] | None = None
        for person in people:
            self.add(person)

    def add(self, person: KnownPerson) -> None:
        """Index one more person (e.g. one just created by the import, so later rows can match them)."""
        url = normalise_linkedin_url(person.linkedin_url)
        if url:
            self._by_url.setdefault(url, person.id)
        for email in person.emails:
            if normalised := normalise_email(email):
                self._by_email.setdefault(normalised, person.id)
        if self._pending is not None:
            self._pending.append((person, url))
            return
        last = self._last_probe
        if last is not None and last[0] == person.full_name and last[1] == person.organization:
            # The contact just matched is being added: its name and organisation are folded already.
            entry = _Entry(person.id, last[2].name, last[2].organization, url)
        else:
            entry = _entry(person, url)
        self._place(entry)

    def _place(self, entry: _Entry) -> None:
        sorted_name = _sorted_words(entry.name)
        if sorted_name:
            self._by_name.setdefault(sorted_name, []).append(entry)
        if initials := _name_block(entry.name):
            self._blocks_by_initials.setdefault(initials, _Block()).add(entry, sorted_name)
        if entry.organization:
            self._blocks_by_organization.setdefault(entry.organization, _Block()).add(entry, sorted_name)

    def _build_blocks(self) -> None:
        if self._pending is None:
            return
        pending, self._pending = self._pending, None
        for person, url in pending:
            self._place(_entry(person, url))

    def match(self, incoming: ContactLike) -> MatchDecision:
        """Decide who ``incoming`` is: same LinkedIn URL, else shared email, else by name and organisation."""
        url = normalise_linkedin_url(incoming.linkedin_url)
        if url and url in self._by_url:
            return MatchDecision("url", self._by_url[url], EXACT_SCORE)
        for email in incoming.emails:
            known = self._by_email.get(normalise_email(email))
            if known is not None:
                return MatchDecision("email", known, EXACT_SCORE)
        probe = _Entry(0, fold_name(incoming.full_name), fold_organization(incoming.organization), url)
        self._last_probe = (incoming.full_name, incoming.organization, probe)
        if not probe.name:
            return MatchDecision("new", None, 0.0)
        self._build_blocks()
        best: tuple[MatchKind, float] | None = None
        best_id: int | None = None
        seen: set[int] = set()
        sorted_probe = _sorted_words(probe.name)

        def consider(entry: _Entry, name_score: float) -> None:
            nonlocal best, best_id
            if entry.id in seen:
                return
            seen.add(entry.id)
            found = _resemblance(name_score, probe, entry)
            if found and _better(found, best):
                best, best_id = found, entry.id

        for entry in self._by_name.get(sorted_probe, ()):
            consider(entry, EXACT_SCORE)
        # Compare only within the two blocks the probe falls in; each block keeps its folded names in a
        # list beside its entries, so no list is rebuilt per incoming row.
        for block in (self._blocks_by_initials.get(_name_block(probe.name)),
                      self._blocks_by_organization.get(probe.organization)):
            if block is None:
                continue
            for entries, names in block.candidates(probe.name):
                if not names:
                    continue
                # Names are stored with their words sorted, so plain ratio equals token_sort_ratio, faster.
                hits = process.extract(sorted_probe, names, scorer=fuzz.ratio,
                                       score_cutoff=UNCERTAIN_NAME_SCORE, limit=None)
                for _, name_score, index in hits:
                    consider(entries[index], name_score)
        if best is None:
            return MatchDecision("new", None, 0.0)
        return MatchDecision(best[0], best_id, best[1])


def find_duplicate_pairs(people: Sequence[KnownPerson]) -> list[DuplicatePair]:
    """Pairs of people who look like the same person, strongest evidence first.

    Shared LinkedIn URLs and emails are found through dictionaries; names are compared only within a
    block (same first and last initials, or same organisation), so 10,000 people never cost 50 million
    comparisons.
    """
    found: dict[tuple[int, int], tuple[MatchKind, float]] = {}

    def offer(a: int, b: int, kind: MatchKind, score: float) -> None:
        if a == b:
            return
        key = (min(a, b), max(a, b))
        if _better((kind, score), found.get(key)):
            found[key] = (kind, score)

    by_url: dict[str, list[int]] = defaultdict(list)
    by_email: dict[str, list[int]] = defaultdict(list)
    blocks: dict[tuple[str, str], list[_Entry]] = defaultdict(list)
    for person in people:
        entry = _entry(person)
        if entry.linkedin_url:
            by_url[entry.linkedin_url].append(person.id)
        for email in {normalise_email(e) for e in person.emails} - {""}:
            by_email[email].append(person.id)
        if initials := _name_block(entry.name):
            blocks[("initials", initials)].append(entry)
        if entry.organization:
            blocks[("organization", entry.organization)].append(entry)
    exact: tuple[tuple[MatchKind, dict[str, list[int]]], ...] = (("url", by_url), ("email", by_email))
    for kind, groups in exact:
        for ids in groups.values():
            for i, a in enumerate(ids):
                for b in ids[i + 1:]:
                    offer(a, b, kind, EXACT_SCORE)
    for members in blocks.values():
        names = [entry.name for entry in members]
        for i, entry in enumerate(members[:-1]):
            hits = process.extract(entry.name, names[i + 1:], scorer=fuzz.token_sort_ratio,
                                   score_cutoff=UNCERTAIN_NAME_SCORE, limit=None)
            for _, name_score, offset in hits:
                other = members[i + 1 + offset]
                resemblance = _resemblance(name_score, entry, other)
                if resemblance:
                    offer(entry.id, other.id, *resemblance)
    pairs = [DuplicatePair(a, b, score, kind) for (a, b), (kind, score) in found.items()]
    pairs.sort(key=lambda p: (_REASON_RANK[p.reason], -p.score, p.id_a, p.id_b))
    return pairs

"""Search over everything the user wrote and everyone they know, on SQLite (FTS5) and PostgreSQL.

``search(owner, query)`` is the one entry point. Every word of the query must match (the last one as a
prefix, so "Rey" finds Reyes); results of every kind are ranked together, best first, each with a
snippet in which the matching words are marked. Snippets are HTML: the stored text is escaped and only
the ``<mark>`` tags are ours. A person matches when every word is in their name, title, notes or their
organisation's name.

SQLite uses the FTS5 indexes of migration 0004 (ranked by bm25, snippets by ``snippet()``); PostgreSQL
uses ``to_tsvector``/``to_tsquery`` with the English configuration (ranked by ``ts_rank``, snippets by
``ts_headline``). Both stem English words, so "clips" also finds "clip".

Some text has no full-text index (migration 0004 indexes people, organisations, notes, insights and
messages): the notes of ``log held --notes`` (``Conversation.notes``), task titles, referral notes and goal
reflections. Those small tables are searched with a case-insensitive ``LIKE`` per word, scoped to the
owner (a scan of one user's rows, which stays fast at the sizes a practice reaches); they are not stemmed
and rank below a good full-text match.
"""

from __future__ import annotations

import html
import importlib
import re
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce

from coffeechat.core.vocabulary import SEARCH_KINDS
from coffeechat.models import Conversation, GoalReflection, Insight, Message, Note, Organization, Person, Referral, Task

KINDS: tuple[str, ...] = SEARCH_KINDS
# What matched, in words, for each kind (a message's label comes from its own kind).
KIND_LABELS: dict[str, str] = {
    "person": "Person", "note": "Note", "conversation": "Conversation notes", "insight": "Insight",
    "referral": "Referral", "task": "Task", "message": "Message", "reflection": "Goal reflection",
}
# The kinds searched with LIKE: model, text fields, person field, conversation field.
_PLAIN_KINDS: dict[str, tuple[Any, tuple[str, ...], str | None, str | None]] = {
    "conversation": (Conversation, ("notes",), "person_id", "id"),
    "task": (Task, ("title",), "person_id", "conversation_id"),
    "referral": (Referral, ("note",), "from_person_id", "conversation_id"),
    "reflection": (GoalReflection, ("body",), None, None),
}
_MODELS: dict[str, Any] = {"person": Person, "note": Note, "insight": Insight, "message": Message,
                           **{kind: spec[0] for kind, spec in _PLAIN_KINDS.items()}}
_CHUNK = 500
PLAIN_TIER = 1e-9
# The date shown with a result: when it was written, or for a conversation's notes when it took place.
_DATE_OF: dict[str, Any] = {"conversation": Coalesce("held_at", "scheduled_at", "created_at")}
# Private-use characters mark the matches inside the database, so user text cannot fake a mark.
OPEN, CLOSE = "\ue000", "\ue001"
MOST_WORDS = 12
# People are found word by word; this many candidates are ranked before the best are kept.
PERSON_CANDIDATES = 500
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    """One result: what it is, its row id (of that kind: a note id for a note), a plain-text title, an
    HTML snippet, how well it matched, what kind of text matched in words, whose it is, and when."""

    kind: str
    id: int
    title: str
    snippet: str
    person_id: int | None
    conversation_id: int | None
    score: float
    label: str = ""
    person_name: str | None = None
    at: Any = None


def query_words(query: str) -> list[str]:
    """The words of a query, lower-cased; punctuation and search syntax are ignored."""
    return [word.lower() for word in _WORD.findall(query)][:MOST_WORDS]


def marked_html(text: str) -> str:
    """Escape ``text`` and turn the database's match markers into ``<mark>`` tags, always balanced."""
    out: list[str] = []
    inside = False
    for piece in re.split(f"([{OPEN}{CLOSE}])", text or ""):
        if piece == OPEN:
            if not inside:
                out.append("<mark>")
                inside = True
        elif piece == CLOSE:
            if inside:
                out.append("</mark>")
                inside = False
        else:
            out.append(html.escape(piece))
    if inside:
        out.append("</mark>")
    return "".join(out)


def search(owner: Any, query: str, limit: int | None = 20, *, kinds: tuple[str, ...] = KINDS) -> list[SearchHit]:
    """The owner's best ``limit`` matches for ``query`` across ``kinds``, best first; a ``limit`` of 0 or
    None means every match. A negative limit is a ValueError."""
    if limit is not None and limit < 0:
        raise ValueError("limit must be 0 (all) or more")
    limit = limit or None
    words = query_words(query)
    if not words:
        return []
    vendor = connection.vendor
    if vendor == "sqlite":
        ensure_sqlite_index()
        backend: Any = _Sqlite(owner.pk, words, limit)
    elif vendor == "postgresql":
        backend = _Postgres(owner.pk, words, limit)
    else:
        raise NotImplementedError(f"full-text search needs SQLite or PostgreSQL, not {vendor}")
    rows: list[tuple[str, int, str, str, int | None, int | None, float]] = []
    for kind in kinds:
        if kind in _PLAIN_KINDS:
            rows += _plain_rows(owner, kind, words, limit)
        else:
            rows += getattr(backend, kind)()
    rows.sort(key=lambda row: (-row[6], KINDS.index(row[0]), -row[1]))
    rows = rows[:limit]
    names = _in_chunks(Person.objects.owned_by(owner), {r[4] for r in rows if r[4]}, "full_name")
    dates = {kind: _in_chunks(_MODELS[kind].objects.owned_by(owner), {r[1] for r in rows if r[0] == kind},
                              _DATE_OF.get(kind, "created_at"))
             for kind in {row[0] for row in rows}}
    return [
        SearchHit(kind=kind, id=pk, title=_title(kind, extra, names.get(person_id) if person_id is not None else None), snippet=marked_html(snippet),
                  person_id=person_id, conversation_id=conversation_id, score=score, label=_label(kind, extra),
                  person_name=names.get(person_id) if person_id is not None else None, at=dates.get(kind, {}).get(pk))
        for kind, pk, extra, snippet, person_id, conversation_id, score in rows
    ]


def _in_chunks(query: Any, ids: set[int], field: str) -> dict[int, Any]:
    """``{id: field}`` for those ids, asked a few hundred at a time (SQLite caps a query's parameters)."""
    ordered, found = sorted(ids), {}
    for start in range(0, len(ordered), _CHUNK):
        found.update(query.filter(pk__in=ordered[start:start + _CHUNK]).values_list("pk", field))
    return found


def _label(kind: str, extra: str) -> str:
    """What kind of text matched, in words: "Note", "Conversation notes", "Thank-you"…"""
    if kind == "message":
        return Message.Kind(extra).label if extra in Message.Kind.values else "Message"
    if kind == "reflection" and extra:
        return f"Reflection on {extra}"
    return KIND_LABELS[kind]


def _title(kind: str, extra: str, person: str | None) -> str:
    about = f" {person}" if person else ""
    if kind == "person":
        return extra
    if kind == "note":
        return f"Note on{about}" if person else "Note"
    if kind == "insight":
        return f"Insight from{about}" if person else "Insight"
    if kind == "conversation":
        return f"Notes of a conversation with{about}" if person else "Conversation notes"
    if kind == "task":
        return f"Task about{about}" if person else "Task"
    if kind == "referral":
        return f"Referral from{about}" if person else "Referral"
    if kind == "reflection":
        return _label(kind, extra)
    label = _label(kind, extra)
    return f"{label} to{about}" if person else label


def _plain_rows(owner: Any, kind: str, words: list[str], limit: int | None) -> list[tuple[Any, ...]]:
    """Matches in a table without a full-text index: every word somewhere in the text (LIKE, any case)."""
    model, fields, person_field, conversation_field = _PLAIN_KINDS[kind]
    query = model.objects.owned_by(owner)
    for word in words:
        anywhere = Q()
        for field in fields:
            anywhere |= Q(**{f"{field}__icontains": word})
        query = query.filter(anywhere)
    if kind == "conversation":
        query = query.exclude(notes="")
    extra = "goal__title" if kind == "reflection" else None
    values = ["pk", *fields, *(f for f in (person_field, conversation_field, extra) if f)]
    rows = []
    for row in query.order_by("-pk").values(*values)[:limit]:
        text = " ".join(str(row[field]) for field in fields)
        snippet, hits = plain_snippet(text, words)
        # Below every full-text match (bm25 scores of a small index can be tiny); among these, more
        # occurrences in less text rank higher.
        score = PLAIN_TIER * min(hits, 5) / (1 + len(text) / 4000)
        rows.append((kind, row["pk"], row[extra] if extra else "", snippet,
                     row[person_field] if person_field else None,
                     row[conversation_field] if conversation_field else None, score))
    return rows


def plain_snippet(text: str, words: list[str], width: int = 160) -> tuple[str, int]:
    """A window of ``text`` around the first match with every match marked, and how many matches there are."""
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    clean = text.replace(OPEN, "").replace(CLOSE, "")
    found = list(pattern.finditer(clean))
    start = max(found[0].start() - width // 3, 0) if found else 0
    window = clean[start:start + width]
    marked = pattern.sub(lambda match: f"{OPEN}{match.group(0)}{CLOSE}", window)
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(clean) else ""
    return prefix + " ".join(marked.split()) + suffix, len(found)


def hit_as_json(hit: SearchHit) -> dict[str, Any]:
    """The stable JSON shape of one search result (docs/json.md)."""
    return {"kind": hit.kind, "id": hit.id, "label": hit.label, "title": hit.title, "snippet": hit.snippet,
            "person_id": hit.person_id, "person_name": hit.person_name, "conversation_id": hit.conversation_id,
            "at": hit.at.isoformat() if hit.at else None, "score": round(hit.score, 6)}


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


# --- SQLite ------------------------------------------------------------------------------------------

_checked_sqlite: set[str] = set()


def _migration() -> Any:
    # The trigger statements live with the migration that first made them, so there is one copy of them.
    return importlib.import_module("coffeechat.models.migrations.0004_full_text_search")


def ensure_sqlite_index() -> bool:
    """Check once per process that every search trigger exists; if a table rebuild in a later migration
    dropped some, create them again and rebuild the indexes. Returns True when it had to repair."""
    name = str(connection.settings_dict["NAME"])
    if name in _checked_sqlite:
        return False
    migration = _migration()
    present = {row[0] for row in _fetch("SELECT name FROM sqlite_master WHERE type = 'trigger'", [])}
    missing = migration.sqlite_trigger_names() - present
    if missing:
        rebuild_search_index()
    _checked_sqlite.add(name)
    return bool(missing)


def rebuild_search_index() -> None:
    """Recreate any missing trigger and refill the indexes from the rows (SQLite; PostgreSQL needs none)."""
    if connection.vendor != "sqlite":
        return
    migration = _migration()
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in migration.sqlite_triggers() + migration.sqlite_rebuild():
            cursor.execute(statement)


class _Sqlite:
    """The four searches on FTS5: ids and bm25 first (cheap), then snippets for the few kept."""

    def __init__(self, owner_id: int, words: list[str], limit: int | None) -> None:
        self.owner_id, self.words, self.limit = owner_id, words, limit
        quoted = [f'"{word}"' for word in words]
        quoted[-1] += "*"
        self.all_words = " ".join(quoted)
        self.any_word = " OR ".join(quoted)

    def _ranked(self, index: str, table: str, columns: str, extra: str) -> list[tuple[Any, ...]]:
        ranked = _fetch(
            f"SELECT t.id, bm25({index}) AS score FROM {index} JOIN {table} t ON t.id = {index}.rowid "
            f"WHERE {index} MATCH %s AND t.owner_id = %s ORDER BY score LIMIT %s",
            [self.all_words, self.owner_id, -1 if self.limit is None else self.limit],
        )
        if not ranked:
            return []
        scores = {pk: -score for pk, score in ranked}
        marks = f"'{OPEN}', '{CLOSE}', '…', 14"
        ids, rows = list(scores), []
        for start in range(0, len(ids), _CHUNK):  # SQLite caps the parameters of one query
            chunk = ids[start:start + _CHUNK]
            rows += _fetch(
                f"SELECT t.id, {extra}, snippet({index}, -1, {marks}), t.person_id, {columns} "
                f"FROM {index} JOIN {table} t ON t.id = {index}.rowid "
                f"WHERE {index} MATCH %s AND t.id IN ({', '.join('%s' for _ in chunk)})",
                [self.all_words, *chunk],
            )
        return [(pk, extra_value, snippet, person, conversation, scores[pk])
                for pk, extra_value, snippet, person, conversation in rows]

    def note(self) -> list[tuple[Any, ...]]:
        return [("note", *row) for row in self._ranked("coffeechat_note_fts", "coffeechat_note",
                                                        "t.conversation_id", "''")]

    def insight(self) -> list[tuple[Any, ...]]:
        return [("insight", *row) for row in self._ranked("coffeechat_insight_fts", "coffeechat_insight",
                                                           "t.conversation_id", "''")]

    def message(self) -> list[tuple[Any, ...]]:
        return [("message", *row) for row in self._ranked("coffeechat_message_fts", "coffeechat_message",
                                                           "t.conversation_id", "t.kind")]

    def person(self) -> list[tuple[Any, ...]]:
        # A person matches when each word is in their own fields or in their organisation's name.
        each_word, params = [], []
        for index, word in enumerate(self.words):
            term = f'"{word}"' + ("*" if index == len(self.words) - 1 else "")
            each_word.append(
                "(p.id IN (SELECT rowid FROM coffeechat_person_fts WHERE coffeechat_person_fts MATCH %s) "
                "OR p.organization_id IN (SELECT rowid FROM coffeechat_organization_fts "
                "WHERE coffeechat_organization_fts MATCH %s))"
            )
            params += [term, term]
        found = _fetch(
            f"SELECT p.id, p.full_name, p.title, p.organization_id FROM coffeechat_person p "
            f"WHERE p.owner_id = %s AND {' AND '.join(each_word)} LIMIT %s",
            [self.owner_id, *params, PERSON_CANDIDATES],
        )
        if not found:
            return []
        ids = [row[0] for row in found]
        holes = ", ".join("%s" for _ in ids)
        own = {
            pk: (-score, name, title, notes)
            for pk, score, name, title, notes in _fetch(
                "SELECT rowid, bm25(coffeechat_person_fts), highlight(coffeechat_person_fts, 0, %s, %s), "
                "highlight(coffeechat_person_fts, 1, %s, %s), snippet(coffeechat_person_fts, 2, %s, %s, '…', 12) "
                f"FROM coffeechat_person_fts WHERE coffeechat_person_fts MATCH %s AND rowid IN ({holes})",
                [OPEN, CLOSE, OPEN, CLOSE, OPEN, CLOSE, self.any_word, *ids],
            )
        }
        org_ids = {row[3] for row in found if row[3]}
        orgs = dict(Organization.objects.filter(pk__in=org_ids).values_list("pk", "name"))
        if org_ids:
            orgs.update(_fetch(
                "SELECT rowid, highlight(coffeechat_organization_fts, 0, %s, %s) FROM coffeechat_organization_fts "
                f"WHERE coffeechat_organization_fts MATCH %s AND rowid IN ({', '.join('%s' for _ in org_ids)})",
                [OPEN, CLOSE, self.any_word, *org_ids],
            ))
        rows = []
        for pk, name, title, org_id in found:
            score, _, marked_title, notes = own.get(pk, (0.0, name, title, ""))
            parts = [part for part in (marked_title, orgs.get(org_id, "")) if part]
            snippet = " · ".join(parts) + (f" — {notes}" if notes and OPEN in notes else "")
            rows.append(("person", pk, name, snippet, pk, None, score))
        rows.sort(key=lambda row: -row[6])
        return rows[: self.limit]


# --- PostgreSQL --------------------------------------------------------------------------------------


class _Postgres:
    """The four searches with to_tsvector: rank and limit inside, headlines only for the rows kept."""

    HEADLINE = f"StartSel={OPEN}, StopSel={CLOSE}, MaxWords=24, MinWords=8, MaxFragments=2, FragmentDelimiter=\" … \""

    def __init__(self, owner_id: int, words: list[str], limit: int | None) -> None:
        self.owner_id, self.limit = owner_id, limit  # LIMIT NULL is no limit on PostgreSQL
        self.tsquery = " & ".join(words[:-1] + [f"{words[-1]}:*"])

    def _ranked(self, table: str, document: str, extra: str, shown: str) -> list[tuple[Any, ...]]:
        return _fetch(
            f"SELECT r.id, r.extra, ts_headline('english', r.shown, r.q, %s), r.person_id, r.conversation_id, r.score "
            f"FROM (SELECT t.id, {extra} AS extra, {shown} AS shown, t.person_id, t.conversation_id, q, "
            f"ts_rank({document}, q) AS score FROM {table} t, to_tsquery('english', %s) q "
            f"WHERE t.owner_id = %s AND {document} @@ q ORDER BY score DESC, t.id DESC LIMIT %s) r",
            [self.HEADLINE, self.tsquery, self.owner_id, self.limit],
        )

    def note(self) -> list[tuple[Any, ...]]:
        rows = self._ranked("coffeechat_note", "to_tsvector('english', t.body)", "''", "t.body")
        return [("note", *row) for row in rows]

    def insight(self) -> list[tuple[Any, ...]]:
        document = "to_tsvector('english', t.text || ' ' || t.theme || ' ' || t.skill)"
        rows = self._ranked("coffeechat_insight", document, "''", "t.text || ' ' || t.theme || ' ' || t.skill")
        return [("insight", *row) for row in rows]

    def message(self) -> list[tuple[Any, ...]]:
        document = "to_tsvector('english', t.subject || ' ' || t.body)"
        rows = self._ranked("coffeechat_message", document, "t.kind", "t.subject || ' — ' || t.body")
        return [("message", *row) for row in rows]

    def person(self) -> list[tuple[Any, ...]]:
        document = (
            "to_tsvector('english', p.full_name || ' ' || p.title || ' ' || COALESCE(o.name, '') || ' ' || p.notes)"
        )
        shown = "p.title || ' · ' || COALESCE(o.name, '') || ' — ' || p.notes"
        rows = _fetch(
            f"SELECT r.id, r.full_name, ts_headline('english', r.shown, r.q, %s), r.id, NULL, r.score "
            f"FROM (SELECT p.id, p.full_name, {shown} AS shown, q, ts_rank({document}, q) AS score "
            f"FROM coffeechat_person p LEFT JOIN coffeechat_organization o ON o.id = p.organization_id, "
            f"to_tsquery('english', %s) q WHERE p.owner_id = %s AND {document} @@ q "
            f"ORDER BY score DESC, p.id DESC LIMIT %s) r",
            [self.HEADLINE, self.tsquery, self.owner_id, self.limit],
        )
        return [("person", *row) for row in rows]

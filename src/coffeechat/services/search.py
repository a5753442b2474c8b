"""Full-text search over people, notes, insights and messages, on SQLite (FTS5) and PostgreSQL.

``search(owner, query)`` is the one entry point. Every word of the query must match (the last one as a
prefix, so "Rey" finds Reyes); results of every kind are ranked together, best first, each with a
snippet in which the matching words are marked. Snippets are HTML: the stored text is escaped and only
the ``<mark>`` tags are ours. A person matches when every word is in their name, title, notes or their
organisation's name.

SQLite uses the FTS5 indexes of migration 0004 (ranked by bm25, snippets by ``snippet()``); PostgreSQL
uses ``to_tsvector``/``to_tsquery`` with the English configuration (ranked by ``ts_rank``, snippets by
``ts_headline``). Both stem English words, so "clips" also finds "clip".
"""

from __future__ import annotations

import html
import importlib
import re
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from coffeechat.models import Message, Organization, Person

KINDS: tuple[str, ...] = ("person", "note", "insight", "message")
# Private-use characters mark the matches inside the database, so user text cannot fake a mark.
OPEN, CLOSE = "\ue000", "\ue001"
MOST_WORDS = 12
# People are found word by word; this many candidates are ranked before the best are kept.
PERSON_CANDIDATES = 500
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    """One result: what it is, its row id, a plain-text title, an HTML snippet and how well it matched."""

    kind: str
    id: int
    title: str
    snippet: str
    person_id: int | None
    conversation_id: int | None
    score: float


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


def search(owner: Any, query: str, limit: int = 20, *, kinds: tuple[str, ...] = KINDS) -> list[SearchHit]:
    """The owner's best ``limit`` matches for ``query`` across ``kinds``, best first."""
    words = query_words(query)
    if not words or limit <= 0:
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
        rows += getattr(backend, kind)()
    names = dict(
        Person.objects.owned_by(owner).filter(pk__in={r[4] for r in rows if r[4]}).values_list("pk", "full_name")
    )
    hits = [
        SearchHit(kind=kind, id=pk, title=_title(kind, extra, names.get(person_id)), snippet=marked_html(snippet),
                  person_id=person_id, conversation_id=conversation_id, score=score)
        for kind, pk, extra, snippet, person_id, conversation_id, score in rows
    ]
    hits.sort(key=lambda hit: (-hit.score, KINDS.index(hit.kind), -hit.id))
    return hits[:limit]


def _title(kind: str, extra: str, person: str | None) -> str:
    about = f" {person}" if person else ""
    if kind == "person":
        return extra
    if kind == "note":
        return f"Note on{about}" if person else "Note"
    if kind == "insight":
        return f"Insight from{about}" if person else "Insight"
    label = Message.Kind(extra).label if extra in Message.Kind.values else "Message"
    return f"{label} to{about}" if person else label


def hit_as_json(hit: SearchHit) -> dict[str, Any]:
    """The stable JSON shape of one search result (docs/json.md)."""
    return {"kind": hit.kind, "id": hit.id, "title": hit.title, "snippet": hit.snippet,
            "person_id": hit.person_id, "conversation_id": hit.conversation_id, "score": round(hit.score, 6)}


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

    def __init__(self, owner_id: int, words: list[str], limit: int) -> None:
        self.owner_id, self.words, self.limit = owner_id, words, limit
        quoted = [f'"{word}"' for word in words]
        quoted[-1] += "*"
        self.all_words = " ".join(quoted)
        self.any_word = " OR ".join(quoted)

    def _ranked(self, index: str, table: str, columns: str, extra: str) -> list[tuple[Any, ...]]:
        ranked = _fetch(
            f"SELECT t.id, bm25({index}) AS score FROM {index} JOIN {table} t ON t.id = {index}.rowid "
            f"WHERE {index} MATCH %s AND t.owner_id = %s ORDER BY score LIMIT %s",
            [self.all_words, self.owner_id, self.limit],
        )
        if not ranked:
            return []
        scores = {pk: -score for pk, score in ranked}
        marks = f"'{OPEN}', '{CLOSE}', '…', 14"
        rows = _fetch(
            f"SELECT t.id, {extra}, snippet({index}, -1, {marks}), t.person_id, {columns} "
            f"FROM {index} JOIN {table} t ON t.id = {index}.rowid "
            f"WHERE {index} MATCH %s AND t.id IN ({', '.join('%s' for _ in scores)})",
            [self.all_words, *scores],
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

    def __init__(self, owner_id: int, words: list[str], limit: int) -> None:
        self.owner_id, self.limit = owner_id, limit
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

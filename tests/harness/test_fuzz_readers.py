"""Fuzz: Hypothesis over every reader of files users bring, and over `parse_when`.

Each reader gets real files (our fixtures) damaged in random ways — bytes inserted, cut, repeated, a cell
replaced by quotes and line breaks, the whole file re-encoded — and files built from scratch with the right
header and random cells. The rule: a reader answers with records and row errors, or refuses with its
documented exception (a ``UserError`` such as ``FormatError``, or ``BackupError``, ``TargetsCsvError``,
``WhenError``); any other exception is a traceback a user would see. The import service
must leave the database untouched when it refuses a file.

``make test`` runs a few hundred examples in all, the same ones every time; ``COFFEECHAT_FUZZ_EXAMPLES=2000``
(``make harness``) runs that many per target with fresh randomness. Figures: test-artifacts/harness/fuzz.json.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coffeechat.core.errors import UserError

pytestmark = [pytest.mark.harness]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "harness"
FULL = bool(os.environ.get("COFFEECHAT_FUZZ_EXAMPLES"))
EXAMPLES = int(os.environ.get("COFFEECHAT_FUZZ_EXAMPLES") or 50)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not FULL,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


def _named(module: str, name: str) -> Any:
    """Import one reader when its test runs, so a module being edited breaks only its own test."""
    return getattr(importlib.import_module(f"coffeechat.{module}"), name)


def refusals() -> tuple[type[Exception], ...]:
    """The documented refusal exceptions of the readers (a module that does not import adds none: its own
    test fails on the import)."""
    found: list[type[Exception]] = [UserError]
    for module, name in (("formats.backup", "BackupError"), ("formats.targets_csv", "TargetsCsvError"),
                         ("formats.ical", "InviteError"), ("core.when", "WhenError")):
        try:
            found.append(_named(module, name))
        except Exception:
            continue
    return tuple(found)


RUN: Counter[str] = Counter()
REFUSED: Counter[str] = Counter()
SCRATCH = Path(tempfile.mkdtemp(prefix="coffeechat-fuzz-"))


@pytest.fixture(scope="module", autouse=True)
def _figures() -> Iterator[None]:
    yield
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    figures = {"examples": sum(RUN.values()), "per_target": dict(sorted(RUN.items())),
               "refused_imports_checked_for_no_change": REFUSED["import service"]}
    (ARTIFACTS / "fuzz.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\nfuzz: {json.dumps(figures)}")


def _fixture_bytes(*names: str) -> list[bytes]:
    return [(FIXTURES / name).read_bytes() for name in names]


LINKEDIN = _fixture_bytes("linkedin/Connections.csv", "linkedin/Connections_2019.csv", "linkedin/Connections_bom.csv",
                          "linkedin/Connections_windows1252.csv", "linkedin/Connections_unclosed_quote.csv",
                          "linkedin/Connections_bad_rows.csv")
GOOGLE = _fixture_bytes("google/contacts.csv", "google/contacts_legacy.csv")
OUTLOOK = _fixture_bytes("outlook/outlook_com.csv", "outlook/outlook_desktop.csv")
VCARD = _fixture_bytes("vcard/contacts_v4.vcf", "vcard/iphone_export.vcf", "vcard/broken.vcf")
TARGETS = [p.read_bytes() for p in sorted((FIXTURES / "targets").glob("*.csv"))]
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1")

# Text that breaks naive parsers: quotes, separators, line breaks of every kind, BOMs, NULs, surrogate-free
# astral characters, combining marks, very long runs.
nasty_text = st.text(alphabet=st.sampled_from(
    list('",;\t\r\n\\:=\'') + ["\ufeff", "\x00", "\x0b", "\x85", "\u2028", "é", "\u0301", "😀", "\ufffd", "a", "1",
                                "-", "+", "/", " ", "T", "Z"]) | st.characters(), max_size=60)
cell_text = st.one_of(st.text(max_size=40), nasty_text, st.sampled_from(
    ["", "07 Dec 2025", "2025-13-45", "0/0/00", "1/1/4501", "--02-30", "1604-02-29", "=cmd|' /C calc'!A0",
     "https://www.linkedin.com/in/x", "javascript:alert(1)", "a@b", "x" * 2000, "[x](y)", "http://[::1",
     "https://[bad]/in/x", "https://www.linkedin.com:99999/in/x"]))


@st.composite
def damaged(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A real file with a few random injuries."""
    data = bytearray(draw(st.sampled_from(seeds)))
    if draw(st.booleans()):
        try:
            data = bytearray(data.decode("utf-8-sig").encode(draw(st.sampled_from(ENCODINGS)), errors="replace"))
        except UnicodeDecodeError:
            pass
    for _ in range(draw(st.integers(0, 6))):
        where = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "repeat", "text", "truncate", "flip"]))
        if action == "insert":
            data[where:where] = draw(st.binary(max_size=20))
        elif action == "delete":
            del data[where:where + draw(st.integers(1, 200))]
        elif action == "repeat":
            data[where:where] = data[where:where + draw(st.integers(1, 400))] * draw(st.integers(1, 5))
        elif action == "text":
            data[where:where] = draw(cell_text).encode("utf-8", "surrogatepass")
        elif action == "truncate":
            del data[where:]
        elif data:
            data[min(where, len(data) - 1)] ^= draw(st.integers(1, 255))
    return bytes(data)


def _header_of(seed: bytes) -> list[str]:
    text = seed.decode("utf-16") if seed.startswith((b"\xff\xfe", b"\xfe\xff")) else seed.decode("utf-8-sig", "replace")
    for line in text.splitlines():
        for delimiter in (",", "\t", ";"):
            if delimiter in line:
                return next(csv.reader([line], delimiter=delimiter))
    return [text.splitlines()[0]]


@st.composite
def built_table(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """The right header (from a real export) over rows of random cells, some short, some long, in a random
    encoding."""
    header = _header_of(draw(st.sampled_from(seeds)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])))
    writer.writerow(header)
    for _ in range(draw(st.integers(0, 8))):
        width = draw(st.sampled_from([len(header), len(header), 1, len(header) - 1, len(header) + 3]))
        writer.writerow([draw(cell_text) for _ in range(max(width, 0))])
    text = out.getvalue()
    if draw(st.booleans()):  # a quote that never closes, somewhere
        where = draw(st.integers(0, len(text)))
        text = text[:where] + '"' + text[where:]
    encoding = draw(st.sampled_from(ENCODINGS))
    return text.encode(encoding, errors="replace") if "utf" not in encoding else text.encode(encoding, "surrogatepass")


@st.composite
def built_vcards(draw: st.DrawFn) -> bytes:
    """Cards made of known and unknown properties with random parameters and values."""
    names = ["FN", "N", "EMAIL", "TEL", "ORG", "TITLE", "URL", "NOTE", "BDAY", "ANNIVERSARY", "CATEGORIES", "UID",
             "ADR", "X-SOCIALPROFILE", "item1.EMAIL", "PHOTO", "VERSION", "BEGIN", "END", "REV", "TZ", "GEO"]
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        lines.append("BEGIN:VCARD")
        lines.append(f"VERSION:{draw(st.sampled_from(['2.1', '3.0', '4.0', '9', '']))}")
        for _ in range(draw(st.integers(0, 10))):
            name = draw(st.sampled_from(names) | st.text(min_size=1, max_size=8))
            params = draw(st.sampled_from(["", ";TYPE=work", ";type=pref;type=INTERNET", ";VALUE=date",
                                           ";ENCODING=QUOTED-PRINTABLE", ";ENCODING=b", ";CHARSET=UTF-8", ";=",
                                           ";X=\"a:b\""]))
            lines.append(f"{name}{params}:{draw(cell_text)}")
        if draw(st.integers(0, 4)):
            lines.append("END:VCARD")
    text = draw(st.sampled_from(["\r\n", "\n"])).join(lines)
    return text.encode(draw(st.sampled_from(["utf-8", "utf-16", "cp1252"])), errors="replace")


def file_with(data: bytes, suffix: str) -> Path:
    path = SCRATCH / f"fuzz{suffix}"
    path.write_bytes(data)
    return path


def check_reader(target: str, read: Callable[[Path], Any], data: bytes, suffix: str) -> None:
    """Run the reader to the end; only its documented refusal may escape."""
    RUN[target] += 1
    path = file_with(data, suffix)
    try:
        result = read(path)
        if isinstance(result, Iterator):
            for item in result:
                str(item)
    except refusals():
        pass


contact_files = {
    "linkedin": ("formats.linkedin", "read_linkedin", LINKEDIN, ".csv"),
    "google": ("formats.google", "read_google", GOOGLE, ".csv"),
    "outlook": ("formats.outlook", "read_outlook", OUTLOOK, ".csv"),
}


# Found by the fuzzer and the XSS corpus: one profile URL with square brackets stopped a whole import.
BRACKETED_URL = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,Lee,[x](y),,,,\n"


@pytest.mark.parametrize("target", sorted(contact_files))
def test_csv_contact_readers_answer_with_records_row_errors_or_a_format_error(target: str) -> None:
    module, name, seeds, suffix = contact_files[target]
    read = _named(module, name)

    @FUZZ
    @given(data=st.one_of(damaged(seeds), built_table(seeds), st.binary(max_size=300)))
    @example(data=BRACKETED_URL)
    def fuzz(data: bytes) -> None:
        check_reader(target, read, data, suffix)

    fuzz()


@FUZZ
@given(data=st.one_of(damaged(VCARD), built_vcards(), st.binary(max_size=300)))
def test_vcard_reader_answers_with_records_row_errors_or_a_format_error(data: bytes) -> None:
    check_reader("vcard", _named("formats.vcard", "read_vcards"), data, ".vcf")


@FUZZ
@given(data=st.one_of(damaged(LINKEDIN + GOOGLE + OUTLOOK + VCARD), built_table(LINKEDIN + GOOGLE + OUTLOOK),
                      built_vcards(), st.binary(max_size=300)))
def test_format_sniffing_and_text_decoding_never_crash(data: bytes) -> None:
    RUN["sniff+text"] += 1
    path = file_with(data, ".csv")
    try:
        _named("formats.sniff", "guess_format")(path)
    except refusals():
        pass
    try:
        encoding = _named("formats.text", "detect_encoding")(path)
        with _named("formats.text", "open_text")(path, encoding) as handle:
            handle.read()
    except refusals():
        pass


@FUZZ
@given(data=st.one_of(damaged(TARGETS), built_table(TARGETS), st.binary(max_size=300), st.text(max_size=300)))
@example(data=b"\xff\xfeC")  # found by this fuzzer: a UTF-16 file cut after an odd number of bytes
def test_targets_reader_answers_with_rows_errors_or_a_targets_error(data: bytes | str) -> None:
    RUN["targets_csv"] += 1
    try:
        _named("formats.targets_csv", "read_targets")(data)
    except refusals():
        pass


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20)
    | st.sampled_from(["2026-11-26", "2026-11-26T09:30:00+00:00", "9999-12-31T23:59:59+14:00", "0001-01-01",
                       "2026-02-30", "Mars/Olympus", "", "\ud800"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)


@pytest.fixture(scope="module")
def backup_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A real backup written by the program: the demo practice's, made by `coffeechat backup`."""
    from harness import support

    home = support.build_demo(tmp_path_factory.mktemp("fuzz") / "demo")
    target = home / "backup.json"
    support.run_ok(home, "backup", str(target))
    return target.read_text(encoding="utf-8")


@st.composite
def damaged_backup(draw: st.DrawFn, text: str) -> str:
    """A real backup with random entries replaced by random JSON values (or whole rows, or sections)."""
    document = json.loads(text)
    sections = [name for name, rows in document["data"].items() if rows]
    for _ in range(draw(st.integers(1, 4))):
        level = draw(st.sampled_from(["field", "field", "field", "row", "section", "top"]))
        if level == "top":
            key = draw(st.sampled_from(["format", "version", "app_version", "data", "extra"]))
            document[key] = draw(json_values)
            continue
        if not isinstance(document.get("data"), dict) or not sections:
            break
        name = draw(st.sampled_from(sections))
        rows = document["data"].get(name)
        if level == "section" or not isinstance(rows, list) or not rows:
            document["data"][name] = draw(json_values)
            continue
        index = draw(st.integers(0, len(rows) - 1))
        if level == "row" or not isinstance(rows[index], dict) or not rows[index]:
            rows[index] = draw(json_values)
            continue
        field_name = draw(st.sampled_from(sorted(rows[index])))
        rows[index][field_name] = draw(json_values)
    return json.dumps(document)


def test_backup_reader_answers_with_a_backup_or_a_backup_error(backup_text: str) -> None:
    @FUZZ
    @given(data=st.one_of(damaged_backup(backup_text), st.text(max_size=200),
                          json_values.map(json.dumps)))
    def fuzz(data: str) -> None:
        RUN["backup"] += 1
        try:
            _named("formats.backup", "parse_backup")(data)
        except refusals():
            pass

    fuzz()


@FUZZ
@given(text=cell_text)
def test_contact_date_readers_answer_with_a_date_none_or_a_value_error(text: str) -> None:
    RUN["dates"] += 1
    dates = importlib.import_module("coffeechat.formats.dates")
    for parse in (dates.parse_day_month_year, dates.parse_iso_date, dates.parse_slashed_date):
        try:
            parse(text)
        except ValueError as error:
            # Their documented refusal is a ValueError whose message quotes the text.
            assert repr(text.strip())[:20] in str(error) or "date" in str(error), (text, error)
        dates.readable_birthday(parse, text)


when_words = st.sampled_from(["now", "today", "tomorrow", "yesterday", "friday", "monday 9am", "+3d", "-2w",
                              "+4h", "2026-03-04", "2026-03-04 14:00", "2026-03-04T14:00-05:00", "tomorrow 25:00",
                              "friday 13pm", "+9999999999d", "-9999999999w", "+99999999h", "9999-12-31T23:59",
                              "0001-01-01", "2026-03-04T14:00+25:00", "friday 0am", "today 12am"])


@FUZZ
@given(text=st.one_of(when_words, cell_text, st.builds(lambda a, b: f"{a} {b}", when_words, cell_text)),
       tz_name=st.sampled_from(["UTC", "America/New_York", "Pacific/Kiritimati", "Etc/GMT+12", "Mars/Olympus", "",
                                "../../etc/passwd", "America/New_York\x00"]),
       now=st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)),
       default_time=st.times())
@example(text="+9999999999d", tz_name="UTC", now=datetime(2026, 12, 6, tzinfo=UTC), default_time=time(0))  # found by this fuzzer
@example(text="-9999999999w", tz_name="UTC", now=datetime(2026, 12, 6, tzinfo=UTC), default_time=time(0))
@example(text="friday", tz_name="UTC", now=datetime(9999, 12, 30, tzinfo=UTC), default_time=time(0))
def test_parse_when_answers_with_a_moment_or_a_when_error(text: str, tz_name: str, now: datetime,
                                                          default_time: time) -> None:
    RUN["parse_when"] += 1
    try:
        moment = _named("core.when", "parse_when")(text, now=now, tz_name=tz_name, default_time=default_time)
    except _named("core.when", "WhenError"):
        return
    assert moment.tzinfo is not None


@pytest.mark.django_db
def test_a_refused_import_changes_nothing_in_the_database(owner: Any) -> None:
    from django.apps import apps

    from coffeechat.services.imports import import_contacts

    models = [m for m in apps.get_app_config("coffeechat").get_models() if m.__name__ != "LoginToken"]

    def counts() -> dict[str, int]:
        return {m.__name__: m.objects.count() for m in models}

    @FUZZ
    @given(data=st.one_of(damaged(LINKEDIN + GOOGLE + OUTLOOK + VCARD), built_table(LINKEDIN + GOOGLE + OUTLOOK),
                          built_vcards(), st.binary(max_size=300)),
           fmt=st.sampled_from([None, "linkedin", "google", "outlook", "vcard"]),
           suffix=st.sampled_from([".csv", ".vcf"]))
    def fuzz(data: bytes, fmt: str | None, suffix: str) -> None:
        RUN["import service"] += 1
        path = file_with(data, suffix)
        before = counts()
        try:
            import_contacts(owner, path, fmt)
        except UserError:
            REFUSED["import service"] += 1
            assert counts() == before, "a refused import changed the database"

    fuzz()


# Found by the XSS corpus: a vCard category (a tag) longer than the 80 characters a tag keeps. The first
# import stores it cut to 80; the second looks for the whole text, misses, and inserts it again.
LONG_CATEGORY = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lee\r\nEMAIL:ana@example.com\r\nCATEGORIES:" + "a" * 81
                 + "\r\nEND:VCARD\r\n").encode()


@pytest.mark.django_db
def test_importing_the_same_file_twice_never_crashes_and_adds_nobody_new(owner: Any) -> None:
    from coffeechat.services.imports import import_contacts

    @FUZZ
    @given(data=st.one_of(built_vcards(), built_table(LINKEDIN + GOOGLE + OUTLOOK), damaged(LINKEDIN + VCARD)))
    @example(data=LONG_CATEGORY)
    def fuzz(data: bytes) -> None:
        RUN["import twice"] += 1
        path = file_with(data, ".vcf" if data.lstrip().startswith(b"BEGIN") else ".csv")
        try:
            import_contacts(owner, path)
        except UserError:
            return
        again = import_contacts(owner, path)
        assert again.created == 0, again.as_json()

    fuzz()


def test_the_harness_catches_a_reader_that_crashes() -> None:
    """The property can fail: a reader that raises anything but its refusal is caught."""

    def crashing(path: Path) -> Iterator[int]:
        yield 1
        raise KeyError("boom")

    with pytest.raises(KeyError):
        check_reader("self-check", crashing, b"x", ".csv")
    RUN.pop("self-check", None)


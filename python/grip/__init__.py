"""grip: read news about power politics and turn it into evidence-linked structured data.

grip finds the actors a text names (linked to a curated knowledge base), who did what to whom
(CAMEO and PLOVER event codes), what the writer asserts and predicts and how sure they are,
and the tone toward each actor. Every output points at the bytes of the text that produced it.

Quick start::

    import grip

    result = grip.analyze("Russia sent troops to Kazakhstan.", date="2022-01-06")
    result["events"][0]["cameo"]          # '074': RUS sends military aid to KAZ

    docs = ({"id": row.id, "date": row.date, "text": row.text} for row in rows)
    frames = grip.to_pandas(grip.analyze_many(docs))
    frames.events                          # one row per event
    grip.influence(frames.events, target="KAZ").patrons

The result of :func:`analyze` is the JSON contract of ``grip analyze --json`` (version 1) as a
``dict``; field names are documented in the repository's README ("The JSON contract").
Analysis runs in Rust with the GIL released; :func:`analyze_many` uses several threads and
yields results in input order.
"""

from __future__ import annotations

import datetime as _datetime
import json
import math
import os
import re
import threading
from typing import (
    TYPE_CHECKING,
    Any,
    Generator,
    Iterable,
    Iterator,
    Literal,
    Mapping,
    NamedTuple,
    Optional,
    Sequence,
    Union,
    cast,
    overload,
)

from . import _grip
from ._grip import CONTRACT_VERSION, ENGINE_VERSION, Engine
from .gdelt import EXTRA_COLUMNS, GDELT_COLUMNS, gdelt_events

if TYPE_CHECKING:  # pandas is optional: only to_pandas and influence need it.
    import pandas

__all__ = [
    "CONTRACT_VERSION",
    "ENGINE_VERSION",
    "EXTRA_COLUMNS",
    "Engine",
    "Frames",
    "GDELT_COLUMNS",
    "InfluenceReport",
    "analyze",
    "analyze_many",
    "default_engine",
    "gdelt_events",
    "influence",
    "load_engine",
    "to_pandas",
]

__version__ = "0.1.0"

DateLike = Union[str, _datetime.date, None]
"""A date: ``"YYYY-MM-DD"``, an ISO timestamp starting with one, a ``datetime.date`` or
``datetime.datetime`` (pandas ``Timestamp`` included), or ``None``."""

_ENGINE: Optional[Engine] = None
_ENGINE_LOCK = threading.Lock()
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def default_engine() -> Engine:
    """The process-wide default engine (embedded KB and models), built on first use.

    Building takes a fraction of a second; every later call returns the same engine. It is
    immutable and safe to share between threads.
    """
    global _ENGINE
    if _ENGINE is None:
        with _ENGINE_LOCK:
            if _ENGINE is None:
                _ENGINE = Engine()
    return _ENGINE


def load_engine(kb_extra: Sequence[Union[str, os.PathLike]] = ()) -> Engine:
    """An engine with extra KB files (TOML, the format of ``kb/README.md``) added.

    Entries with the id of an embedded one replace it. Pass the result as ``engine=`` to the
    other functions. Raises ``ValueError`` naming the file when a source is invalid.
    """
    sources = []
    for path in kb_extra:
        with open(path, encoding="utf-8") as file:
            sources.append((os.fspath(path), file.read()))
    return Engine(sources)


def analyze(
    text: Union[str, bytes],
    date: DateLike = None,
    *,
    id: str = "document",
    title: Optional[str] = None,
    url: Optional[str] = None,
    tokens: bool = False,
    engine: Optional[Engine] = None,
) -> dict:
    """Analyze one document and return the JSON contract (v1) as a dict.

    ``date`` is the date the document speaks from (actor roles are resolved at it); without
    one, grip looks for a dateline in the text, then uses today (UTC). ``bytes`` are decoded
    as ``grip analyze FILE`` decodes files (invalid bytes are replaced and reported in
    ``diagnostics``). ``tokens=True`` adds each sentence's tokens with their syntax.
    The GIL is released while the document is analyzed.
    """
    day = _strict_date(date)
    engine = engine or default_engine()
    return json.loads(engine.analyze(text, str(id), day, title, url, tokens))


Documents = Union[Iterable[Union[Mapping[str, Any], str, bytes]], "pandas.DataFrame"]
"""What :func:`analyze_many` reads: mappings with ``text`` (and ``id``, ``date``, ``title``,
``url``), plain texts, or a DataFrame with those columns."""


@overload
def analyze_many(
    documents: Documents,
    threads: Optional[int] = None,
    *,
    date: DateLike = None,
    tokens: bool = False,
    raw: Literal[False] = False,
    window: Optional[int] = None,
    engine: Optional[Engine] = None,
) -> Generator[dict, None, None]: ...


@overload
def analyze_many(
    documents: Documents,
    threads: Optional[int] = None,
    *,
    date: DateLike = None,
    tokens: bool = False,
    raw: Literal[True],
    window: Optional[int] = None,
    engine: Optional[Engine] = None,
) -> Generator[str, None, None]: ...


def analyze_many(
    documents: Documents,
    threads: Optional[int] = None,
    *,
    date: DateLike = None,
    tokens: bool = False,
    raw: bool = False,
    window: Optional[int] = None,
    engine: Optional[Engine] = None,
) -> Union[Generator[dict, None, None], Generator[str, None, None]]:
    """Analyze documents on several threads; yield their results in input order.

    Each document is a mapping with ``text`` (``str`` or ``bytes``) and optionally ``id``,
    ``date``, ``title`` and ``url`` (the fields of ``grip analyze --jsonl``), or a plain
    string; a pandas DataFrame with those columns is read row by row. A missing ``id``
    becomes ``line-N`` (N counted from 1), as in the CLI; a ``date`` that is not a date is
    ignored with a ``bad-date`` diagnostic; ``date=`` is used for the documents that have none
    or a bad one (like ``--date`` with ``--jsonl``).

    ``threads`` defaults to the CPUs this process may use. Input is read lazily and at most
    ``window`` documents (default ``4 * threads``) are in flight, so memory stays bounded
    whatever the input's length. ``raw=True`` yields the JSON text instead of dicts.
    Closing the generator early stops the threads.
    """
    if threads is None:
        threads = _available_cpus()
    if threads < 1:
        raise ValueError("threads must be at least 1")
    if window is None:
        window = 4 * threads
    if window < 1:
        raise ValueError("window must be at least 1")
    default_date = _strict_date(date)
    engine = engine or default_engine()
    return _stream(engine, _records(documents), threads, window, default_date, tokens, raw)


def _records(documents: Any) -> Iterator[Union[Mapping[str, Any], str, bytes]]:
    """Rows of a pandas DataFrame as dicts (lazily); any other iterable as it is."""
    columns = getattr(documents, "columns", None)
    if columns is not None and hasattr(documents, "itertuples"):
        names = [str(column) for column in columns]
        return (dict(zip(names, values)) for values in documents.itertuples(index=False, name=None))
    return iter(documents)


def _stream(
    engine: Engine,
    documents: Iterator[Union[Mapping[str, Any], str, bytes]],
    threads: int,
    window: int,
    default_date: Optional[str],
    tokens: bool,
    raw: bool,
) -> Generator[Any, None, None]:
    """Submits documents while fewer than ``window`` are in flight; yields results in order."""
    stream = engine.stream(threads, tokens)
    try:
        n_read = 0
        exhausted = False
        while True:
            while not exhausted and stream.pending < window:
                try:
                    document = next(documents)
                except StopIteration:
                    exhausted = True
                    break
                n_read += 1
                text, fields = _document_fields(document, n_read)
                stream.submit(text, *fields, default_date)
            if stream.pending == 0:
                return
            result = stream.next()
            yield result if raw else json.loads(result)
    finally:
        stream.close()


def _document_fields(
    document: Union[Mapping[str, Any], str, bytes], n_read: int
) -> "tuple[Union[str, bytes], tuple[str, Optional[str], Optional[str], Optional[str]]]":
    """The text and (id, date, title, url) of one input document."""
    if isinstance(document, (str, bytes)):
        return document, (f"line-{n_read}", None, None, None)
    try:
        text = document["text"]
    except (KeyError, TypeError):
        raise TypeError(f"document {n_read}: expected a mapping with a 'text' field or a str") from None
    if not isinstance(text, (str, bytes)):
        raise TypeError(f"document {n_read}: field 'text' must be str or bytes, not {type(text).__name__}")
    raw_id = document.get("id")
    if raw_id is None:
        doc_id = f"line-{n_read}"
    elif isinstance(raw_id, bool) or not isinstance(raw_id, (str, int, float)):
        raise TypeError(f"document {n_read}: field 'id' must be a string or number, not {raw_id!r}")
    else:
        doc_id = str(raw_id)
    day = _loose_date(document.get("date"))
    return text, (doc_id, day, _optional_str(document.get("title")), _optional_str(document.get("url")))


def _optional_str(value: Any) -> Optional[str]:
    if value is None or _is_missing(value):
        return None
    return str(value)


def _is_missing(value: Any) -> bool:
    """NaN, pandas NA and NaT (what DataFrame rows hold for missing values)."""
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")


def _loose_date(value: Any) -> Optional[str]:
    """A record's date as text for the engine (which parses it and reports bad ones)."""
    if value is None or _is_missing(value):
        return None
    if isinstance(value, (_datetime.date, _datetime.datetime)):
        return value.isoformat()[:10]
    return str(value)


def _strict_date(value: DateLike) -> Optional[str]:
    """A date given as an argument: must be a date (``ValueError`` otherwise)."""
    if value is None:
        return None
    if isinstance(value, (_datetime.date, _datetime.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            _datetime.date.fromisoformat(value)
            return value
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a YYYY-MM-DD date")


def _available_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


class Frames(NamedTuple):
    """Results as pandas DataFrames, one row per document, mention, event, claim, actor tone
    and diagnostic. Column names are the contract's field names; every table but
    ``documents`` starts with ``document_id`` (the contract's ``id``) and ``date`` (the
    document date); ``[start, end]`` pairs become ``*_start`` / ``*_end`` columns."""

    documents: "pandas.DataFrame"
    mentions: "pandas.DataFrame"
    events: "pandas.DataFrame"
    claims: "pandas.DataFrame"
    actor_tone: "pandas.DataFrame"
    diagnostics: "pandas.DataFrame"


_DOCUMENT_COLUMNS = [
    "id", "date", "date_source", "kb_version", "engine_version", "contract", "n_sentences",
    "n_mentions", "n_events", "n_claims", "n_diagnostics", "tone", "gdelt_tone", "positive",
    "negative", "polarity", "activity_density", "self_group_density", "word_count",
]  # fmt: skip
_MENTION_COLUMNS = [
    "document_id", "date", "mention_idx", "start", "end", "text", "entity", "actor", "name", "kind", "rule",
]  # fmt: skip
_EVENT_COLUMNS = [
    "document_id", "date", "event_idx", "source", "target", "cameo", "root", "plover", "plover_mode",
    "plover_context", "goldstein", "quad", "modality", "speaker", "sentence_start", "sentence_end",
    "evidence_start", "evidence_end", "rule", "source_entity", "target_entity", "source_start", "source_end",
    "target_start", "target_end", "location_name", "location_country", "location_lat", "location_lon",
    "location_feature", "location_entity", "location_start", "location_end",
]  # fmt: skip
_CLAIM_COLUMNS = [
    "document_id", "date", "claim_idx", "start", "end", "text", "type", "holder", "holder_entity",
    "certainty", "time", "actors", "event", "cues", "rule",
]  # fmt: skip
_ACTOR_TONE_COLUMNS = ["document_id", "date", "actor", "entity", "score", "evidence"]
_DIAGNOSTIC_COLUMNS = ["document_id", "date", "severity", "code", "message", "start", "end"]
_NULLABLE_INTS = {
    "events": ["source_start", "source_end", "target_start", "target_end",
               "location_start", "location_end"],
    "claims": ["event"],
    "diagnostics": ["start", "end"],
}  # fmt: skip


def to_pandas(results: Iterable[Mapping[str, Any]]) -> Frames:
    """Turn results of :func:`analyze` / :func:`analyze_many` (or lines of ``grip analyze
    --json``, parsed) into DataFrames: see :class:`Frames`.

    ``results`` may be any iterable, a generator included (it is consumed once).
    """
    import pandas as pd

    documents: list = []
    mentions: list = []
    events: list = []
    claims: list = []
    actor_tone: list = []
    diagnostics: list = []
    for result in results:
        doc_id, day = result["id"], result["date"]
        tone = result.get("tone")
        gdelt = (tone or {}).get("gdelt") or [None] * 7
        documents.append((
            doc_id, day, result["date_source"], result["kb_version"], result["engine_version"],
            result["contract"], len(result["sentences"]), len(result["mentions"]), len(result["events"]),
            len(result["claims"]), len(result["diagnostics"]), tone["score"] if tone else None, *gdelt,
        ))  # fmt: skip
        for idx, mention in enumerate(result["mentions"]):
            mentions.append((
                doc_id, day, idx, mention["start"], mention["end"], mention["text"], mention["entity"],
                mention["actor"], mention["name"], mention["kind"], mention["rule"],
            ))  # fmt: skip
        for idx, event in enumerate(result["events"]):
            source_span = event.get("source_span") or (None, None)
            target_span = event.get("target_span") or (None, None)
            location = event.get("location") or {}
            events.append((
                doc_id, day, idx, event["source"], event["target"], event["cameo"], event["root"],
                event["plover"], event["plover_mode"], event["plover_context"], event["goldstein"],
                event["quad"], event["modality"], event.get("speaker"), event["sentence"][0],
                event["sentence"][1], event["evidence"][0], event["evidence"][1], event["rule"],
                event.get("source_entity"), event.get("target_entity"), source_span[0], source_span[1],
                target_span[0], target_span[1], location.get("name"), location.get("country"),
                location.get("lat"), location.get("lon"), location.get("feature"), location.get("entity"),
                location.get("start"), location.get("end"),
            ))  # fmt: skip
        for idx, claim in enumerate(result["claims"]):
            claims.append((
                doc_id, day, idx, claim["start"], claim["end"], claim["text"], claim["type"], claim["holder"],
                claim.get("holder_entity"), claim["certainty"], claim["time"], list(claim["actors"]),
                claim.get("event"), [tuple(cue) for cue in claim["cues"]], claim["rule"],
            ))  # fmt: skip
        for tone_row in result["actor_tone"]:
            actor_tone.append((
                doc_id, day, tone_row["actor"], tone_row["entity"], tone_row["score"],
                [tuple(span) for span in tone_row["evidence"]],
            ))  # fmt: skip
        for diagnostic in result["diagnostics"]:
            diagnostics.append((
                doc_id, day, diagnostic["severity"], diagnostic["code"], diagnostic["message"],
                diagnostic.get("start"), diagnostic.get("end"),
            ))  # fmt: skip

    def frame(rows: list, columns: list, nullable_ints: Sequence[str] = ()) -> "pandas.DataFrame":
        table = pd.DataFrame.from_records(rows, columns=columns)
        for column in nullable_ints:
            if column in table.columns:
                table[column] = table[column].astype("Int64")
        return table

    return Frames(
        documents=frame(documents, _DOCUMENT_COLUMNS, ["word_count"]),
        mentions=frame(mentions, _MENTION_COLUMNS),
        events=frame(events, _EVENT_COLUMNS, _NULLABLE_INTS["events"]),
        claims=frame(claims, _CLAIM_COLUMNS, _NULLABLE_INTS["claims"]),
        actor_tone=frame(actor_tone, _ACTOR_TONE_COLUMNS),
        diagnostics=frame(diagnostics, _DIAGNOSTIC_COLUMNS, _NULLABLE_INTS["diagnostics"]),
    )


class InfluenceReport(NamedTuple):
    """The tables of :func:`influence` (the same numbers as ``grip influence --json``).

    - ``patrons``: per target and patron over the window, strongest grip first: ``events``,
      ``weight``, ``grip`` (share of the target's weighted dyadic interactions), the same by
      dimension (``security``, ``economic``, ``political``; NaN when the target had none),
      ``signed``, counts by quad class (``vcoop``, ``mcoop``, ``vconf``, ``mconf``),
      ``goldstein``, ``balance``, ``spikes`` and ``last_spike``.
    - ``targets``: per target, ``events``, ``weight`` and ``concentration`` (HHI of shares).
    - ``series``: per target, patron and period, the grip index and whether it spiked.
    - ``pairs``: per directed pair and period, counts and Goldstein sums by quad class and the
      cooperation-conflict ``balance``.
    """

    patrons: "pandas.DataFrame"
    targets: "pandas.DataFrame"
    series: "pandas.DataFrame"
    pairs: "pandas.DataFrame"
    n_rows: int
    n_used: int
    n_skipped: int


_INFLUENCE_COLUMNS = {
    "patrons": ["target", "patron", "events", "weight", "grip", "security", "economic", "political", "signed",
                "vcoop", "mcoop", "vconf", "mconf", "goldstein", "balance", "spikes", "last_spike"],
    "targets": ["target", "events", "weight", "concentration"],
    "series": ["target", "patron", "period", "events", "grip", "security", "economic", "political", "signed",
               "spike", "threshold"],
    "pairs": ["source", "target", "period", "events", "vcoop", "mcoop", "vconf", "mconf", "goldstein_vcoop",
              "goldstein_mcoop", "goldstein_vconf", "goldstein_mconf", "goldstein", "balance"],
}  # fmt: skip
_INFLUENCE_FLOATS = {
    "weight", "grip", "security", "economic", "political", "signed", "goldstein", "balance", "threshold",
    "concentration", "goldstein_vcoop", "goldstein_mcoop", "goldstein_vconf", "goldstein_mconf",
}  # fmt: skip


def influence(
    events: Union["pandas.DataFrame", Frames],
    target: Optional[str] = None,
    *,
    by: str = "week",
    weight: str = "goldstein",
    k: float = 2.0,
    baseline: int = 8,
    since: DateLike = None,
    until: DateLike = None,
) -> InfluenceReport:
    """Who is tightening their grip on whom: grip's influence measures over event rows.

    ``events`` is the ``events`` table of :func:`to_pandas` (columns ``date``, ``source``,
    ``target``, ``cameo``, ``quad``, ``goldstein``, ``modality``), or GDELT event rows (columns
    ``SQLDATE``, ``Actor1Code``, ``Actor1CountryCode``, ``Actor1KnownGroupCode``,
    ``Actor1Type1Code``..., ``EventCode``, ``QuadClass``, ``GoldsteinScale``: a GDELT export,
    or the output of the Spark job in examples/spark, whose ``modality`` column is honored).

    The computation is grip-influence's, the same as ``grip influence``: events count when
    factual (modality asserted or reported) and between two different parties; the grip index
    of patron P on target T is P's share of T's dyadic interactions weighted by
    ``|Goldstein|`` (``weight="count"``: every event 1); spikes exceed the mean + ``k`` sd of
    the pair's previous ``baseline`` periods (``by``: ``day``, ``week`` or ``month``).
    ``target`` restricts to one target party (``"KAZ"``, ``"IGOCSTO"``).
    """
    import pandas as pd

    if isinstance(events, Frames):
        events = events.events
    columns = _interaction_columns(events, _strict_date(since), _strict_date(until))
    tables = _grip.influence(
        cast("_grip.InfluenceColumns", columns),
        period=by,
        weight=weight,
        target=target,
        k=float(k),
        baseline=int(baseline),
    )
    frames = {}
    for name, columns_of_table in _INFLUENCE_COLUMNS.items():
        table = pd.DataFrame(tables[name], columns=columns_of_table)
        floats = [column for column in columns_of_table if column in _INFLUENCE_FLOATS]
        frames[name] = table.astype({column: "float64" for column in floats})
    return InfluenceReport(
        patrons=frames["patrons"],
        targets=frames["targets"],
        series=frames["series"],
        pairs=frames["pairs"],
        n_rows=int(tables["n_rows"]),
        n_used=int(tables["n_used"]),
        n_skipped=int(tables["n_skipped"]),
    )


def _interaction_columns(events: "pandas.DataFrame", since: Optional[str], until: Optional[str]) -> dict:
    """The columns of the store's ``interactions`` view, from grip events or GDELT rows."""
    import pandas as pd

    def text(column: str) -> "pandas.Series":
        if column not in events.columns:
            return pd.Series([""] * len(events), index=events.index, dtype=object)
        return events[column].astype(object).where(events[column].notna(), "").astype(str)

    if "Actor1Code" in events.columns:  # GDELT rows
        day = events["SQLDATE"].astype(str).str.replace(r"^(\d{4})(\d{2})(\d{2}).*$", r"\1-\2-\3", regex=True)

        def types(actor: str) -> "pandas.Series":
            joined = text(f"{actor}Type1Code") + " " + text(f"{actor}Type2Code") + " " + text(f"{actor}Type3Code")
            return joined.str.strip()

        columns = {
            "day": day,
            "source_actor": text("Actor1Code"),
            "source_country": text("Actor1CountryCode"),
            "source_group": text("Actor1KnownGroupCode"),
            "source_types": types("Actor1"),
            "target_actor": text("Actor2Code"),
            "target_country": text("Actor2CountryCode"),
            "target_group": text("Actor2KnownGroupCode"),
            "target_types": types("Actor2"),
            "code": text("EventCode"),
            "quad": events["QuadClass"].fillna(0).astype(int),
            "goldstein": events["GoldsteinScale"].astype(float).fillna(0.0),
        }
    else:  # grip events (to_pandas)
        day = text("date").str.slice(0, 10)
        source, target = text("source"), text("target")

        def country(actor: "pandas.Series") -> "pandas.Series":
            return actor.where(actor.str.startswith("REGION:"), actor.str.slice(0, 3))

        empty = pd.Series([""] * len(events), index=events.index, dtype=object)
        columns = {
            "day": day,
            "source_actor": source,
            "source_country": country(source),
            "source_group": empty,
            "source_types": empty,
            "target_actor": target,
            "target_country": country(target),
            "target_group": empty,
            "target_types": empty,
            "code": text("cameo"),
            "quad": events["quad"].fillna(0).astype(int),
            "goldstein": events["goldstein"].astype(float).fillna(0.0),
        }
    if "modality" in events.columns:
        columns["factual"] = text("modality").isin(["asserted", "reported"])
    else:
        columns["factual"] = pd.Series([True] * len(events), index=events.index)
    keep = pd.Series([True] * len(events), index=events.index)
    if since is not None:
        keep &= columns["day"] >= since
    if until is not None:
        keep &= columns["day"] <= until
    return {name: column[keep].tolist() for name, column in columns.items()}

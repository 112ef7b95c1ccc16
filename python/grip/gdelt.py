"""grip events as GDELT 2.0 event rows, plus grip's own columns.

The mapping follows ``grip export --format gdelt`` (crates/grip-store/src/export.rs): actor
codes are split into GDELT's Code, Name, CountryCode, KnownGroupCode and Type1..3Code fields
(an IGO code's organization, ``CSTO`` of ``IGOCSTOMIL``, is the KnownGroupCode),
NumMentions/NumSources/NumArticles are 1, AvgTone is the document's GDELT tone, ActionGeo comes
from the event location (type 1 for a country, 4 for a city; FIPS country codes), DATEADDED is
the document date at 00:00:00, and SOURCEURL the document URL (else ``grip:document/<id>``).
Column types follow GDELT's BigQuery tables (EventCode is text: ``"010"`` is not ``10``);
missing values are nulls.

GLOBALEVENTID cannot be GDELT's (GDELT numbers its own rows): it is a stable 62-bit hash of
(document id, event index) with bit 62 set, so it never collides with a real GDELT id
(those are far below 2^62) and does not depend on how a corpus is partitioned.

The extra columns (:data:`EXTRA_COLUMNS`) carry what GDELT has no place for: the document id,
the event's index in the document's ``events``, its modality, PLOVER codes, KB entities,
evidence offsets and the rule that fired, so every row can be audited down to the words.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, Iterable, List, Mapping, Optional, Tuple

if TYPE_CHECKING:
    import pandas

__all__ = ["EXTRA_COLUMNS", "GDELT_COLUMNS", "SCHEMA", "event_id", "gdelt_events", "gdelt_rows", "spark_ddl"]

_ACTOR_FIELDS = [
    ("Code", "string"), ("Name", "string"), ("CountryCode", "string"), ("KnownGroupCode", "string"),
    ("EthnicCode", "string"), ("Religion1Code", "string"), ("Religion2Code", "string"),
    ("Type1Code", "string"), ("Type2Code", "string"), ("Type3Code", "string"),
]  # fmt: skip
_GEO_FIELDS = [
    ("Type", "int32"), ("FullName", "string"), ("CountryCode", "string"), ("ADM1Code", "string"),
    ("ADM2Code", "string"), ("Lat", "float64"), ("Long", "float64"), ("FeatureID", "string"),
]  # fmt: skip

#: GDELT 2.0's 61 event columns with their types (``int64``, ``int32``, ``float64``, ``string``).
GDELT_SCHEMA: List[Tuple[str, str]] = (
    [("GLOBALEVENTID", "int64"), ("SQLDATE", "int32"), ("MonthYear", "int32"), ("Year", "int32"),
     ("FractionDate", "float64")]
    + [(f"Actor1{name}", kind) for name, kind in _ACTOR_FIELDS]
    + [(f"Actor2{name}", kind) for name, kind in _ACTOR_FIELDS]
    + [("IsRootEvent", "int32"), ("EventCode", "string"), ("EventBaseCode", "string"),
       ("EventRootCode", "string"), ("QuadClass", "int32"), ("GoldsteinScale", "float64"),
       ("NumMentions", "int32"), ("NumSources", "int32"), ("NumArticles", "int32"), ("AvgTone", "float64")]
    + [(f"Actor1Geo_{name}", kind) for name, kind in _GEO_FIELDS]
    + [(f"Actor2Geo_{name}", kind) for name, kind in _GEO_FIELDS]
    + [(f"ActionGeo_{name}", kind) for name, kind in _GEO_FIELDS]
    + [("DATEADDED", "int64"), ("SOURCEURL", "string")]
)  # fmt: skip

#: grip's columns after GDELT's, named as in the JSON contract.
EXTRA_SCHEMA: List[Tuple[str, str]] = [
    ("document_id", "string"), ("event_idx", "int32"), ("date_source", "string"), ("modality", "string"),
    ("speaker", "string"), ("plover", "string"), ("plover_mode", "string"), ("plover_context", "string"),
    ("source_entity", "string"), ("target_entity", "string"), ("source_start", "int32"),
    ("source_end", "int32"), ("target_start", "int32"), ("target_end", "int32"),
    ("sentence_start", "int32"), ("sentence_end", "int32"), ("evidence_start", "int32"),
    ("evidence_end", "int32"), ("rule", "string"), ("location_entity", "string"),
    ("location_feature", "string"), ("kb_version", "string"), ("engine_version", "string"),
]  # fmt: skip

#: Every column, GDELT's then grip's, with its type.
SCHEMA: List[Tuple[str, str]] = GDELT_SCHEMA + EXTRA_SCHEMA
GDELT_COLUMNS: List[str] = [name for name, _ in GDELT_SCHEMA]
EXTRA_COLUMNS: List[str] = [name for name, _ in EXTRA_SCHEMA]
assert len(GDELT_COLUMNS) == 61

_SPARK_TYPES = {"int64": "BIGINT", "int32": "INT", "float64": "DOUBLE", "string": "STRING"}
_PANDAS_TYPES = {"int64": "Int64", "int32": "Int32", "float64": "float64", "string": "object"}
_FACTUAL = ("asserted", "reported")
#: CAMEO's sector and type codes (crates/grip-influence/src/lib.rs, SECTORS).
_SECTORS = frozenset(
    "AGR BUS COP CRM CVL DEV EDU ELI ENV GOV HLH HRI IGO INS JUD LAB LEG MED MIL MNC MOD NGM NGO OPP PTY RAD "
    "REB REF SEP SET SPY UAF".split()
)


def spark_ddl() -> str:
    """The schema as a Spark SQL DDL string (for ``mapInPandas``/``mapInArrow``)."""
    return ", ".join(f"`{name}` {_SPARK_TYPES[kind]}" for name, kind in SCHEMA)


def event_id(document_id: str, event_idx: int) -> int:
    """GLOBALEVENTID of a grip event: 2^62 + a 62-bit BLAKE2b hash of (document id, index)."""
    digest = hashlib.blake2b(f"{document_id}\x00{event_idx}".encode("utf-8"), digest_size=8).digest()
    return (1 << 62) | (int.from_bytes(digest, "big") & ((1 << 62) - 1))


def gdelt_rows(
    result: Mapping[str, Any],
    *,
    url: Optional[str] = None,
    iso_to_fips: Optional[Mapping[str, str]] = None,
    factual_only: bool = True,
) -> List[list]:
    """The rows (lists in :data:`SCHEMA` order) of one result of ``grip.analyze``.

    ``factual_only`` keeps asserted and reported events, as ``grip export --format gdelt``
    does (GDELT codes only what happened); ``False`` keeps every modality (negated, future,
    hypothetical too; see the ``modality`` column).
    """
    if iso_to_fips is None:
        iso_to_fips = _default_iso_to_fips()
    doc_id = result["id"]
    day = result["date"]
    sqldate = int(day.replace("-", ""))
    year, month, dom = (int(part) for part in day.split("-"))
    import datetime

    ordinal = datetime.date(year, month, dom).timetuple().tm_yday
    fraction = round(year + ordinal / 365.0, 4)
    tone = result.get("tone")
    avg_tone = float(tone["gdelt"][0]) if tone else None
    source_url = url if isinstance(url, str) and url else f"grip:document/{doc_id}"
    rows = []
    for event_idx, event in enumerate(result["events"]):
        if factual_only and event["modality"] not in _FACTUAL:
            continue
        code = event["cameo"]
        location = event.get("location")
        if location:
            feature = location.get("feature") or ""
            action_geo = [
                1 if feature.startswith("PCL") else 4, location["name"],
                iso_to_fips.get(location["country"]), None, None, float(location["lat"]),
                float(location["lon"]), None,
            ]  # fmt: skip
        else:
            action_geo = [None] * 8
        source_span = event.get("source_span") or (None, None)
        target_span = event.get("target_span") or (None, None)
        rows.append(
            [event_id(doc_id, event_idx), sqldate, sqldate // 100, year, fraction]
            + _actor_fields(event["source"])
            + _actor_fields(event["target"])
            + [1, code, code[:3], event["root"], int(event["quad"]), float(event["goldstein"]), 1, 1, 1, avg_tone]
            + [None] * 16
            + action_geo
            + [sqldate * 1_000_000, source_url]
            + [
                doc_id,
                event_idx,
                result["date_source"],
                event["modality"],
                event.get("speaker"),
                event["plover"],
                event["plover_mode"],
                event["plover_context"],
                event.get("source_entity"),
                event.get("target_entity"),
                source_span[0],
                source_span[1],
                target_span[0],
                target_span[1],
                event["sentence"][0],
                event["sentence"][1],
                event["evidence"][0],
                event["evidence"][1],
                event["rule"],
                location.get("entity") if location else None,
                location.get("feature") if location else None,
                result["kb_version"],
                result["engine_version"],
            ]
        )
    return rows


def gdelt_events(
    results: Iterable[Mapping[str, Any]],
    *,
    urls: Optional[Mapping[str, str]] = None,
    iso_to_fips: Optional[Mapping[str, str]] = None,
    factual_only: bool = True,
) -> "pandas.DataFrame":
    """Events of many results as one DataFrame in the GDELT 2.0 schema plus grip's columns.

    ``urls`` maps document ids to their URLs (the JSON contract does not repeat the URL);
    ``iso_to_fips`` defaults to the KB's country table. See :func:`gdelt_rows`.
    """
    import pandas as pd

    if iso_to_fips is None:
        iso_to_fips = _default_iso_to_fips()
    rows: List[list] = []
    for result in results:
        url = urls.get(result["id"]) if urls else None
        rows.extend(gdelt_rows(result, url=url, iso_to_fips=iso_to_fips, factual_only=factual_only))
    table = pd.DataFrame.from_records(rows, columns=[name for name, _ in SCHEMA])
    return table.astype({name: _PANDAS_TYPES[kind] for name, kind in SCHEMA})


def _actor_fields(code: Optional[str]) -> list:
    """Code, Name, CountryCode, KnownGroupCode, Ethnic, Religion1/2, Type1..3 of a grip code."""
    fields: list = [None] * 10
    if not code:
        return fields
    fields[0] = code
    fields[1] = code
    if code.startswith("REGION:"):
        fields[2] = code[len("REGION:") :]
        return fields
    country, sectors = code[:3], code[3:]
    if country == "IGO":
        # IGOCSTOMIL: the organization (CSTO) is the known group, MIL a type, as
        # grip_influence::party reads it (GDELT's own group codes have three letters; grip's
        # IGO codes may be longer).
        end = len(sectors)
        while end >= 6 and sectors[end - 3 : end] in _SECTORS:
            end -= 3
        fields[3] = sectors[:end] or None
        types = sectors[end:]
    else:
        fields[2] = country
        types = sectors
    for slot in range(3):
        chunk = types[slot * 3 : slot * 3 + 3]
        if chunk:
            fields[7 + slot] = chunk
    return fields


_ISO_TO_FIPS: Optional[Mapping[str, str]] = None


def _default_iso_to_fips() -> Mapping[str, str]:
    global _ISO_TO_FIPS
    if _ISO_TO_FIPS is None:
        from . import default_engine

        _ISO_TO_FIPS = default_engine().iso_to_fips()
    return _ISO_TO_FIPS

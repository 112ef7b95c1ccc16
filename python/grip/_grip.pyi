"""Type stubs of the Rust extension module ``grip._grip`` (crates/grip-python).

Use the wrappers in :mod:`grip`; this module is their typed core.
"""

from typing import Dict, List, Optional, Sequence, Tuple, TypedDict, Union

ENGINE_VERSION: str
"""The engine version recorded in every result."""
CONTRACT_VERSION: int
"""The version of the JSON contract (``contract`` in every result)."""

class Engine:
    """The knowledge base plus the syntax and tone models; immutable, shared by threads."""

    def __init__(self, kb_extra: Optional[Sequence[Tuple[str, str]]] = None) -> None:
        """The embedded KB plus ``(name, toml_text)`` sources; ``ValueError`` if one is invalid."""
    @property
    def kb_version(self) -> str:
        """The KB version recorded in every result."""
    @property
    def engine_version(self) -> str:
        """The engine version recorded in every result."""
    def analyze(
        self,
        text: Union[str, bytes],
        id: str,
        date: Optional[str] = None,
        title: Optional[str] = None,
        url: Optional[str] = None,
        tokens: bool = False,
    ) -> str:
        """The JSON contract (v1) of one document, as text; the GIL is released meanwhile."""
    def stream(self, threads: int, tokens: bool = False) -> Stream:
        """A stream of ``threads`` analysis threads sharing this engine."""
    def iso_to_fips(self) -> Dict[str, str]:
        """ISO 3166 alpha-3 -> FIPS 10-4 of every country in the KB."""

class Stream:
    """Documents analyzed on worker threads; results in submission order."""

    def submit(
        self,
        text: Union[str, bytes],
        id: str,
        date: Optional[str] = None,
        title: Optional[str] = None,
        url: Optional[str] = None,
        default_date: Optional[str] = None,
    ) -> None:
        """Queue one document; ``default_date`` is used when ``date`` is missing or not a date.

        Blocks, without the GIL, while the job queue is full."""
    def next(self) -> str:
        """The JSON contract of the next document in submission order."""
    @property
    def pending(self) -> int:
        """Documents submitted and not yet taken."""
    def close(self) -> None:
        """Stop the threads; queued documents are dropped. Idempotent."""

class InfluenceColumns(TypedDict):
    """Event rows as columns (the store's ``interactions`` view)."""

    day: List[str]
    source_actor: List[str]
    source_country: List[str]
    source_group: List[str]
    source_types: List[str]
    target_actor: List[str]
    target_country: List[str]
    target_group: List[str]
    target_types: List[str]
    code: List[str]
    quad: List[int]
    goldstein: List[float]
    factual: List[bool]

def influence(
    columns: InfluenceColumns,
    *,
    period: str,
    weight: str,
    target: Optional[str],
    k: float,
    baseline: int,
) -> dict:
    """grip-influence's tables (``patrons``, ``targets``, ``series``, ``pairs``: column
    name -> values) plus ``n_rows``, ``n_used`` and ``n_skipped``."""

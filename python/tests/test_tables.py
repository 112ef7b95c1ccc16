"""grip.to_pandas, grip.influence and grip.gdelt_events."""

from __future__ import annotations

import math

import grip
import grip.gdelt
import pandas as pd
import pytest


@pytest.fixture(scope="module")
def seed_results(seed_text: str) -> list:
    return [grip.analyze(seed_text, "2022-01-10", id="seed")]


def test_to_pandas_tables(demo_text: str) -> None:
    results = list(grip.analyze_many([{"id": "demo", "text": demo_text}, {"id": "empty", "text": ""}]))
    frames = grip.to_pandas(results)
    assert frames.documents["id"].tolist() == ["demo", "empty"]
    assert frames.documents["n_events"].tolist() == [len(results[0]["events"]), 0]
    assert len(frames.mentions) == len(results[0]["mentions"])
    assert len(frames.events) == len(results[0]["events"])
    assert len(frames.claims) == len(results[0]["claims"])
    # Columns are the contract's names; [start, end] pairs are split.
    first = results[0]["events"][0]
    row = frames.events.iloc[0]
    assert (row["document_id"], row["date"], row["event_idx"]) == ("demo", "2022-09-20", 0)
    for field in ["source", "cameo", "root", "plover", "quad", "modality", "rule"]:
        assert row[field] == first[field] or (row[field] is None and first[field] is None)
    assert (row["sentence_start"], row["sentence_end"]) == tuple(first["sentence"])
    assert (row["evidence_start"], row["evidence_end"]) == tuple(first["evidence"])
    assert list(frames.mentions.columns[3:]) == ["start", "end", "text", "entity", "actor", "name", "kind", "rule"]
    assert "type" in frames.claims.columns and "certainty" in frames.claims.columns
    assert frames.diagnostics.loc[frames.diagnostics["document_id"] == "empty", "code"].tolist() == ["empty-document"]
    # Empty input gives empty tables with the same columns.
    empty = grip.to_pandas([])
    assert list(empty.events.columns) == list(frames.events.columns) and empty.events.empty


def _event(day: str, source: str, target: str, cameo: str, quad: int, goldstein: float, modality="asserted") -> dict:
    return {
        "date": day, "source": source, "target": target, "cameo": cameo, "quad": quad,
        "goldstein": goldstein, "modality": modality,
    }  # fmt: skip


def test_influence_follows_the_documented_formula() -> None:
    events = pd.DataFrame([
        _event("2022-01-06", "KAZGOV", "IGOCSTO", "0234", 1, 3.4),   # appeal for military protection
        _event("2022-01-07", "IGOCSTOMIL", "KAZ", "074", 2, 8.5),    # deployment
        _event("2022-01-07", "RUSGOV", "KAZGOV", "041", 1, 1.0),     # phone call
        _event("2022-01-08", "CHNGOV", "KAZGOV", "010", 1, 0.0),     # a statement weighs nothing
        _event("2022-01-08", "USAGOV", "KAZ", "112", 3, -2.0),       # accusation
        _event("2022-01-09", "RUS", "KAZ", "074", 2, 8.5, "future"), # not factual
        _event("2022-01-09", "KAZGOV", "KAZCVL", "112", 3, -2.0),    # within one party
        _event("2022-01-09", "", "KAZ", "190", 4, -10.0),            # no source party
    ])  # fmt: skip
    report = grip.influence(events, target="KAZ")
    total = 3.4 + 8.5 + 1.0 + 0.0 + 2.0
    patrons = report.patrons.set_index("patron")
    assert list(report.patrons["patron"]) == ["IGOCSTO", "USA", "RUS", "CHN"]
    assert patrons.loc["IGOCSTO", "grip"] == pytest.approx((3.4 + 8.5) / total)
    assert patrons.loc["USA", "grip"] == pytest.approx(2.0 / total)
    assert patrons.loc["USA", "signed"] == pytest.approx(-2.0 / total)
    assert patrons.loc["CHN", "grip"] == 0.0
    assert patrons["grip"].sum() == pytest.approx(1.0)
    # The deployment is security; the appeal (02x) counts only overall.
    assert patrons.loc["IGOCSTO", "security"] == pytest.approx(1.0)
    assert math.isnan(patrons.loc["IGOCSTO", "economic"])
    (target_row,) = report.targets.to_dict("records")
    assert target_row["target"] == "KAZ" and target_row["concentration"] == pytest.approx(
        sum(share * share for share in patrons["grip"])
    )
    assert (report.n_rows, report.n_used, report.n_skipped) == (7, 5, 1)
    by_count = grip.influence(events, target="KAZ", weight="count").patrons.set_index("patron")
    assert by_count.loc["IGOCSTO", "grip"] == pytest.approx(2 / 5)
    assert set(grip.influence(events, target="KAZ", since="2022-01-08").patrons["patron"]) == {"USA", "CHN"}
    with pytest.raises(ValueError):
        grip.influence(events, by="year")


def test_influence_on_gdelt_rows_matches_influence_on_grip_events(seed_results: list) -> None:
    frames = grip.to_pandas(seed_results)
    on_events = grip.influence(frames, target="KAZ").patrons
    on_gdelt = grip.influence(grip.gdelt_events(seed_results, factual_only=False), target="KAZ").patrons
    assert not on_events.empty
    pd.testing.assert_frame_equal(on_events, on_gdelt)


def test_gdelt_rows(seed_results: list) -> None:
    table = grip.gdelt_events(seed_results, urls={"seed": "https://example.org/seed"})
    assert list(table.columns) == grip.GDELT_COLUMNS + grip.EXTRA_COLUMNS
    assert len(grip.GDELT_COLUMNS) == 61
    events = seed_results[0]["events"]
    factual = [idx for idx, event in enumerate(events) if event["modality"] in ("asserted", "reported")]
    assert table["event_idx"].tolist() == factual
    assert len(grip.gdelt_events(seed_results, factual_only=False)) == len(events)
    deployment = table[(table["Actor1Code"] == "IGOCSTO") & (table["EventCode"] == "074")].iloc[0]
    assert deployment["Actor1KnownGroupCode"] == "CSTO" and pd.isna(deployment["Actor1CountryCode"])
    assert (deployment["Actor2Code"], deployment["Actor2CountryCode"]) == ("KAZ", "KAZ")
    assert (deployment["SQLDATE"], deployment["MonthYear"], deployment["Year"]) == (20220110, 202201, 2022)
    assert deployment["FractionDate"] == pytest.approx(2022.0274)
    assert (deployment["EventBaseCode"], deployment["EventRootCode"], deployment["QuadClass"]) == ("074", "07", 2)
    assert deployment["GoldsteinScale"] == pytest.approx(8.5)
    assert deployment["AvgTone"] == pytest.approx(seed_results[0]["tone"]["gdelt"][0])
    assert deployment["DATEADDED"] == 20220110000000
    assert deployment["SOURCEURL"] == "https://example.org/seed"
    assert deployment["GLOBALEVENTID"] == grip.gdelt.event_id("seed", int(deployment["event_idx"]))
    assert deployment["GLOBALEVENTID"] >= 1 << 62
    appeal = table[table["EventCode"] == "0234"].iloc[0]
    assert (appeal["Actor1CountryCode"], appeal["Actor1Type1Code"], appeal["EventBaseCode"]) == ("KAZ", "GOV", "023")


def test_actor_fields() -> None:
    fields = grip.gdelt._actor_fields
    assert fields("KAZGOV")[:4] == ["KAZGOV", "KAZGOV", "KAZ", None] and fields("KAZGOV")[7] == "GOV"
    assert fields("KGZCVLOPP")[7:] == ["CVL", "OPP", None]
    assert fields("IGOCSTOMIL")[2:4] == [None, "CSTO"] and fields("IGOCSTOMIL")[7] == "MIL"
    assert fields("IGOEAEU")[3] == "EAEU"
    assert fields("REGION:CAS")[:4] == ["REGION:CAS", "REGION:CAS", "CAS", None]
    assert fields(None) == [None] * 10


def test_location_columns() -> None:
    result = grip.analyze("Putin met Tokayev in Moscow.", "2022-01-07", id="loc")
    located = [event for event in result["events"] if event.get("location")]
    if not located:
        pytest.skip("this engine version states no location here")
    row = grip.gdelt_events([result], factual_only=False).dropna(subset=["ActionGeo_FullName"]).iloc[0]
    location = located[0]["location"]
    assert row["ActionGeo_FullName"] == location["name"]
    assert row["ActionGeo_CountryCode"] == grip.default_engine().iso_to_fips()[location["country"]]
    assert row["ActionGeo_Type"] == (1 if location["feature"].startswith("PCL") else 4)
    assert (row["ActionGeo_Lat"], row["ActionGeo_Long"]) == (location["lat"], location["lon"])

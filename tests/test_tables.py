"""Every run writes every table, valid against its schema, byte-identical run after run."""
import hashlib

import pandas as pd
import pytest

from analysis import config, schemas
from analysis.extract import extract_document
from analysis.ingest import iter_documents
from analysis.pipeline import run_extract
from analysis.store import check_rows, read_table


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("table", schemas.TABLE_NAMES)
def test_every_table_is_written_and_valid(sample_tables, table):
    df = read_table(sample_tables, table)
    assert list(df.columns) == schemas.TABLES[table]
    schemas.validate(table, df)


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_same_input_gives_byte_identical_tables(tmp_path, fmt):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        run_extract([config.DATA_RAW], out, metadata=config.SAMPLE_METADATA, fmt=fmt, progress=False)
    assert digest(a) == digest(b)
    assert set(digest(a)) == {f"{t}.{fmt}" for t in schemas.TABLE_NAMES} | {"tables.json", ".lock"}


def test_no_partial_output_left_behind(sample_tables):
    assert not [p for p in sample_tables.iterdir() if p.name.startswith(".partial")]


def test_empty_corpus_still_writes_all_tables(tmp_path):
    (tmp_path / "in").mkdir()
    run_extract([tmp_path / "in"], tmp_path / "out", progress=False)
    for t in schemas.TABLE_NAMES:
        assert read_table(tmp_path / "out", t).empty


@pytest.mark.parametrize("table, row, ok", [
    ("documents", {"doc_id": "a", "published_basis": "none", "status": "ok"}, True),
    ("documents", {"doc_id": "a", "published_basis": "guess", "status": "ok"}, False),
    ("documents", {"doc_id": "a", "published_basis": "none", "status": "fine"}, False),
    ("documents", {"doc_id": "a", "published": "09/09/2017", "published_basis": "metadata", "status": "ok"}, False),
    ("casualties", {"event_id": "e", "doc_id": "d", "char_start": 0, "char_end": 5, "group": "children",
                    "outcome": "killed", "low": 1, "best": 1, "high": 1, "implausible": False}, True),
    ("casualties", {"event_id": "e", "doc_id": "d", "char_start": 0, "char_end": 5, "group": "kids",
                    "outcome": "killed"}, False),
    ("control_changes", {"event_id": "e", "doc_id": "d", "char_start": 0, "char_end": 5,
                         "gained_by": "martians", "change": "captured"}, False),
])
def test_schemas_reject_values_outside_the_codebook(table, row, ok):
    df = schemas.frame(table, [row])
    if ok:
        schemas.validate(table, df)
    else:
        with pytest.raises(Exception):
            schemas.validate(table, df)


def test_data_dictionary_covers_every_column():
    for t in schemas.TABLE_NAMES:
        d = schemas.describe(t)
        assert list(d.column) == schemas.TABLES[t] and d.meaning.str.len().gt(5).all()
        assert isinstance(d, pd.DataFrame)


@pytest.fixture(scope="module")
def sample_rows():
    """Every table's rows of the bundled sample corpus, as extraction hands them to the store."""
    results = [extract_document(d) for d in iter_documents([config.DATA_RAW])]
    return {t: [r for res in results for r in getattr(res, t)]
            for t in ("events", "casualties", "facility_attacks", "control_changes", "statistics")}


# (column kind, a bad value of it): each is tried in the middle of a table's valid rows.
BAD = [("string", 7), ("string", "قصف \udc80"), ("Int64", 1 << 63), ("Int64", "3"), ("Int64", True),
       ("Int64", 2.0), ("Float64", float("inf")), ("Float64", "1.5"), ("boolean", 1), ("boolean", "yes")]


# every column of the row tables crossed with every bad value of its kind
SPOILED = [(t, c, bad) for t in ("events", "casualties", "control_changes", "statistics")
           for c in schemas.TABLES[t] for kind, bad in BAD if schemas.FIELDS[c].dtype == kind]


@pytest.mark.parametrize("table, column, bad", SPOILED, ids=[f"{t}.{c}={v!r}" for t, c, v in SPOILED])
def test_check_rows_names_the_column_of_one_bad_value_among_many(sample_rows, table, column, bad):
    rows = [dict(r) for r in sample_rows[table]]
    assert len(rows) >= 3 and check_rows(table, rows) is None
    rows[len(rows) // 2][column] = bad
    assert check_rows(table, rows).startswith(f"{table}.{column} = ")


@pytest.mark.parametrize("missing", [None, pd.NA, float("nan")], ids=["None", "NA", "NaN"])
def test_check_rows_takes_any_missing_value_in_a_nullable_column_and_none_in_a_required_one(sample_rows, missing):
    rows = [dict(r) for r in sample_rows["events"]]
    nullable = next(c for c in schemas.TABLES["events"] if schemas.FIELDS[c].nullable and schemas.FIELDS[c].dtype == "Float64")
    required = next(c for c in schemas.TABLES["events"] if not schemas.FIELDS[c].nullable)
    rows[1][nullable] = missing
    assert check_rows("events", rows) is None
    rows[2][required] = missing
    assert check_rows("events", rows) == f"events.{required} is missing"


def test_check_rows_finds_a_key_given_twice(sample_rows):
    rows = [dict(r) for r in sample_rows["events"]]
    rows.append(dict(rows[0]))
    assert check_rows("events", rows).startswith("events: event_id ")

"""Every run writes every table, valid against its schema, byte-identical run after run."""
import hashlib

import pandas as pd
import pytest

from analysis import config, schemas
from analysis.pipeline import run_extract
from analysis.store import read_table


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

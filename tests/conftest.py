"""Shared fixtures: paths, the bundled sample run (extracted once per session)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from analysis import config
from analysis.pipeline import run_extract

# The shared material beside the checkout: $ANALYSIS_SHARED, else <repo>/../shared.
SHARED = Path(os.environ.get("ANALYSIS_SHARED") or config.PROJECT_ROOT.parent / "shared")


def need_shared(*parts: str) -> Path:
    """A path under ../shared, or a skip that says it is missing."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is not present (../shared, or $ANALYSIS_SHARED, is only on developer and "
                    "CI machines)")
    return p


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory):
    """Built objects (analysis.cache) go to a folder of this session, not the user's."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANALYSIS_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="session")
def sample_tables(tmp_path_factory) -> Path:
    """The bundled sample corpus (data/raw) extracted once, as Parquet."""
    out = tmp_path_factory.mktemp("sample")
    run_extract([config.DATA_RAW], out, metadata=config.SAMPLE_METADATA, progress=False)
    return out

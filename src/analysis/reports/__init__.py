"""Reports: the package half of the three parameterised notebooks under `notebooks/`.

The notebooks tell the story and call these modules; everything they compute lives here so
it is unit-tested: `load` (open and filter tables), `casualties`, `facilities`, `control` and
`monitors` (aggregations), `quality` (data-quality lists), `labels` (Arabic/English names),
`charts` and `maps` (matplotlib figures), `arabic` (text shaping for charts), `html`
(escaped tables and sentences) and `render` (papermill + nbconvert, used by
`python -m analysis report`).
"""
from __future__ import annotations

REPORTS = ("casualties_by_region", "civilian_facilities", "territorial_control")
LANGS = ("ar", "en")

"""Load the language data under `data/` and validate it at load time (dateparser style).

Each lexicon file has a JSON-schema in `SCHEMAS` (the machine-checked half of the contract
in `data/README.md`) and, where structure is not enough, a semantic check. A broken file
fails with its name and the path of the bad key, never with a KeyError deep in the engine.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import jsonschema
import yaml

from analysis import config, taxonomy as tx


class LexiconError(ValueError):
    pass


_STR_LIST = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}

SCHEMAS: dict[str, dict] = {
    "dates": {
        "type": "object",
        "required": ["months"],
        "properties": {
            "months": {"type": "object", "patternProperties": {"^(1[0-2]|[1-9])$": _STR_LIST},
                       "additionalProperties": False, "minProperties": 12},
        },
    },
}
SCHEMAS["layout"] = {
    "type": "object",
    "required": ["clutter_lines", "clutter_prefixes", "lead_verbs", "continuation_openers",
                 "header_scope_paragraphs", "max_title_chars"],
    "properties": {
        "clutter_lines": _STR_LIST, "clutter_prefixes": _STR_LIST, "lead_verbs": _STR_LIST,
        "continuation_openers": _STR_LIST,
        "header_scope_paragraphs": {"type": "integer", "minimum": 1},
        "max_title_chars": {"type": "integer", "minimum": 20},
    },
    "additionalProperties": False,
}
CHECKS: dict[str, Callable[[dict], list[str]]] = {}


def _date(s) -> dt.date | None:
    return None if s in (None, "") else (s if isinstance(s, dt.date) else dt.date.fromisoformat(str(s)))


def check_date_range(entry: dict, where: str) -> list[str]:
    """Errors for an entry's optional `valid_from`/`valid_to` (ISO dates, in order)."""
    try:
        a, b = _date(entry.get("valid_from")), _date(entry.get("valid_to"))
    except ValueError as e:
        return [f"{where}: bad date ({e})"]
    return [f"{where}: valid_from {a} is after valid_to {b}"] if a and b and a > b else []


def check_actor_keys(values, where: str) -> list[str]:
    return [f"{where}: unknown actor key {v!r}" for v in values if v not in tx.ACTOR_KEYS]


def validate_lexicon(name: str, data) -> None:
    """Raise LexiconError listing every problem of one lexicon's data."""
    if name not in SCHEMAS:
        raise LexiconError(f"no schema registered for lexicon {name!r}")
    v = jsonschema.Draft202012Validator(SCHEMAS[name])
    errors = [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in v.iter_errors(data)]
    if not errors and name in CHECKS:
        errors = CHECKS[name](data)
    if errors:
        raise LexiconError(f"lexicon {name!r} is invalid:\n  " + "\n  ".join(errors[:20]))


@lru_cache(maxsize=None)
def load_lexicon(name: str, directory: Path = config.LEXICON_DIR):
    """Parsed and validated `data/<name>.yaml` (cached)."""
    path = Path(directory) / f"{name}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise LexiconError(f"lexicon file {path} is missing") from e
    except yaml.YAMLError as e:
        raise LexiconError(f"lexicon file {path} is not valid YAML: {e}") from e
    try:
        validate_lexicon(name, data)
    except LexiconError as e:
        raise LexiconError(f"{path}: {e}") from None
    return data

"""Load the data files under `data/` and validate them at load time (dateparser style).

Each `data/<name>.yaml` has its JSON Schema beside it, `data/<name>.schema.json`: the one
documented key schema of that file. A schema may reference a table of the codebook
(`data/codebook.yaml`) with `{"codebook": "<table>"}` (the value is one of its codes;
`"also": [...]` admits a few more words) or `{"codebookKeys": "<table>"}` (an object with
one key per code); these become plain `enum`/`required` keywords when the schema is loaded,
so every schema stays valid JSON Schema. What a schema cannot say (words listed under two
meanings, date ranges, coordinates) is checked by `analysis.lexicon_checks`. A broken file
fails with one line per problem naming the file, the key and the value.
"""
from __future__ import annotations

import copy
import difflib
import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from analysis import cache, config, lexicon_checks as checks

if TYPE_CHECKING:
    import jsonschema


class LexiconError(ValueError):
    pass


def _read_yaml(path: Path):
    try:
        # libyaml's parser when present: the same data as safe_load, ten times faster
        return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except FileNotFoundError as e:
        raise LexiconError(f"lexicon file {path} is missing") from e
    except yaml.YAMLError as e:
        raise LexiconError(f"lexicon file {path} is not valid YAML: {e}") from e


def schema_path(name: str) -> Path:
    return config.LEXICON_DIR / f"{name}.schema.json"


@lru_cache(maxsize=None)
def _raw_schema(name: str) -> dict:
    path = schema_path(name)
    if not path.is_file():
        raise LexiconError(f"no schema registered for lexicon {name!r} ({path.name} is missing)")
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def codebook() -> dict:
    """The package's codebook (`data/codebook.yaml`), validated; every code reference checks against it."""
    path = config.LEXICON_DIR / "codebook.yaml"
    data = _read_yaml(path)
    _once(path, lambda: _raise(_errors("codebook", data, data), path))
    return data


def codes(table: str, cb: dict) -> list:
    """The codes of one table of codebook `cb`, in its order."""
    return list(cb[table]["codes"])


def _expand(node, cb: dict):
    """The schema with codebook references replaced by `enum` / `propertyNames` + `required`."""
    if isinstance(node, list):
        return [_expand(x, cb) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: _expand(v, cb) for k, v in node.items() if k not in ("codebook", "also", "codebookKeys")}
    if "codebook" in node:
        out.update(enum=codes(node["codebook"], cb) + node.get("also", []), **{"$comment": f"codebook:{node['codebook']}"})
    if "codebookKeys" in node:
        table = node["codebookKeys"]
        out.update(propertyNames={"enum": codes(table, cb), "$comment": f"codebook:{table}"},
                   required=codes(table, cb))
    return out


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    """The JSON Schema of `data/<name>.yaml`, codebook references resolved (cached)."""
    return _raw_schema(name) if name == "codebook" else _expand(_raw_schema(name), codebook())


@lru_cache(maxsize=None)
def _validator(name: str) -> jsonschema.Draft202012Validator:
    import jsonschema   # a second to import: only when a file is checked, not once per process

    return jsonschema.Draft202012Validator(schema(name))


def _message(e: jsonschema.ValidationError) -> str:
    note = e.schema.get("$comment", "") if isinstance(e.schema, dict) else ""
    if e.validator == "enum" and note.startswith("codebook:"):
        table = note.split(":", 1)[1]
        near = difflib.get_close_matches(str(e.instance), [str(c) for c in e.validator_value], n=1)
        return (f"{e.instance!r} is not a code of the codebook's {table}"
                + (f" (did you mean {near[0]!r}?)" if near else ""))
    return e.message if len(e.message) <= 300 else e.message[:297] + "..."


def _errors(name: str, data, cb: dict) -> list[str]:
    """Schema errors, else the semantic checks' errors, of one lexicon checked against codebook `cb`."""
    errors = [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {_message(e)}"
              for e in sorted(_validator(name).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))]
    if not errors and name in checks.CHECKS:
        errors = checks.CHECKS[name](data, cb)
    return errors


def _raise(errors: list[str], path) -> None:
    if errors:
        where = Path(path).name
        shown = [f"{where}: {e}" for e in errors[:20]]
        if len(errors) > 20:
            shown.append(f"{where}: … and {len(errors) - 20} more")
        raise LexiconError("\n".join(shown))


def validate_lexicon(name: str, data, path: Path | None = None) -> None:
    """Raise LexiconError with one line per problem of one lexicon's data."""
    _raise(_errors(name, data, data if name == "codebook" else codebook()), path or f"{name}.yaml")


@lru_cache(maxsize=None)
def _load_valid(name: str, directory: Path):
    path = Path(directory) / f"{name}.yaml"
    data = _read_yaml(path)
    _once(path, lambda: validate_lexicon(name, data, path))
    return data


def _once(path: Path, validate) -> None:
    """Run `validate` once per version of the file: a file that passed is remembered in the
    cache (`analysis.cache`) under a key of its bytes and of the package (its schemas, its
    codebook, its checks), so each worker and each run does not check it again. A file that
    fails is never remembered."""
    def passed(value) -> bool:
        if value is not True:
            raise ValueError("not a validation record")
        return True
    cache.cached(f"valid-{path.stem}", [cache.content(path)], lambda: validate() or True, bool, passed)


@lru_cache(maxsize=None)
def load_lexicon(name: str, directory: Path = config.LEXICON_DIR):
    """Parsed and validated `<directory>/<name>.yaml` (cached); the schema is always the package's.
    Checks across files read the other file from the same folder when it is there."""
    data = _load_valid(name, Path(directory))
    for other, check in checks.ACROSS.get(name, []):
        folder = Path(directory) if (Path(directory) / f"{other}.yaml").is_file() else config.LEXICON_DIR
        _raise(check(data, _load_valid(other, folder)), Path(directory) / f"{name}.yaml")
    return data


# --- checks other modules apply to records of their own ---------------------------------
def check_place(p: dict, where: str) -> list[str]:
    """Semantic errors of one place record (structure is the place schema's job)."""
    return checks.check_place(p, where, codebook())


# One place record, the same for `places.yaml` and for imported gazetteers.
PLACE_SCHEMA = copy.deepcopy(schema("places")["$defs"]["place"])

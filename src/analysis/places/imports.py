"""Import user gazetteers into the normalised place layout, and read them back.

Three input layouts (see data/README.md, "Imported gazetteers"):
- OCHA common operational dataset CSV: ADM1_AR/ADM1_EN/ADM1_PCODE … ADM4_*; each row is its
  most specific unit; coordinates from latitude/longitude, lat/lon or Y/X columns;
- a simple CSV: name_ar, aliases (";"-separated), admin1 (ISO code or governorate name),
  latitude, longitude, and optional feature and id;
- Open-Syria JSON (governorates.json / districts.json / subdistricts.json): name.ar,
  aliases, centroid, iso31662 or governorateId, externalIds.ochaPcode. A folder imports
  all its JSON files.

Each import becomes one file `<name>.json` under the user gazetteer folder, holding places
in the layout of data/places.yaml. Bad rows are skipped with a reason naming file and line
(or record); the others are imported. A name or alias that is a function word ("في", "من":
`name_stops` in place_words.yaml) is refused: it would match everywhere.

Saved gazetteers are checked again whenever they are loaded (a file may be edited by hand
or written by an older version): one that does not hold up raises `GazetteerError`, which
stops a run before any document is read.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from analysis.lexicon import PLACE_SCHEMA, check_place
from analysis.places.records import PRECEDENCE, Entry, entry_from_record
from analysis.places.words import norm, words

FORMAT = "analysis-gazetteer"
VERSION = 1
_LEVEL_FEATURE = {1: "governorate", 2: "district", 3: "subdistrict", 4: "village"}
_PCODE_FEATURE = {4: "governorate", 6: "district", 8: "subdistrict"}
_LAT_COLUMNS = ("latitude", "lat", "y", "latitude_y", "centroid_lat", "lat_y")
_LON_COLUMNS = ("longitude", "lon", "long", "lng", "x", "longitude_x", "centroid_lon", "lon_x")
_NAME_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_ARABIC = re.compile(r"[\u0621-\u064a]")


class GazetteerImportError(ValueError):
    """An input that cannot be imported at all (missing, unreadable, unknown layout)."""


class GazetteerError(ValueError):
    """A saved user gazetteer that cannot be used (unreadable, not ours, a bad place)."""


@lru_cache(maxsize=1)
def _validator():
    """The place schema's validator; jsonschema is imported only when a gazetteer is imported
    (it takes a second to import, and reading needs none of it)."""
    import jsonschema

    return jsonschema.Draft202012Validator(PLACE_SCHEMA)


def _problems(rec: dict, where: str) -> list[str]:
    """Why a place record cannot be used: its structure, its values, its names."""
    errors = [f"{where}: {'/'.join(map(str, e.absolute_path)) or 'record'}: {e.message}"
              for e in _validator().iter_errors(rec)]
    if errors:
        return errors
    stops = words().stops
    function_words = [n for n in [rec["name"], *rec.get("variants", [])] if norm(n) in stops]
    if function_words:
        return [f"{where}: {', '.join(map(repr, function_words))} is a function word, not a place name"]
    return check_place(rec, where)


@dataclass
class ImportResult:
    name: str
    saved: Path
    places: list[dict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)   # "file:line 7: reason"
    notes: list[str] = field(default_factory=list)     # kept, but not all of it
    files: list[str] = field(default_factory=list)

    def summary(self, max_reasons: int = 20) -> str:
        lines = [f"imported {len(self.places)} places from {len(self.files)} file(s) as {self.name!r} "
                 f"into {self.saved}; skipped {len(self.skipped)}"]
        for label, items in (("skipped", self.skipped), ("note", self.notes)):
            lines += [f"  {label} {r}" for r in items[:max_reasons]]
            if len(items) > max_reasons:
                lines.append(f"  … and {len(items) - max_reasons} more")
        return "\n".join(lines)


def import_gazetteer(source: Path, name: str | None, directory: Path) -> ImportResult:
    """Read `source` (a CSV or JSON file, or a folder of JSON files), save it as
    `directory/<name>.json` and clear the gazetteer cache so the next `load_gazetteer`
    includes it. Raises GazetteerImportError when nothing can be read."""
    source = Path(source)
    if not source.exists():
        raise GazetteerImportError(f"{source}: no such file or folder")
    name = name or source.stem
    if not _NAME_OK.match(name):
        raise GazetteerImportError(f"gazetteer name {name!r}: use letters, digits, '.', '_' or '-'")
    result = ImportResult(name, Path(directory) / f"{name}.json")
    if source.is_dir():
        files = sorted(source.glob("*.json"))
        if not files:
            raise GazetteerImportError(f"{source}: the folder holds no .json files")
    else:
        files = [source]
    raw: list[tuple[str, dict]] = []   # (where, record)
    governorates = _governorate_ids(files)
    for f in files:
        suffix = f.suffix.lower()
        if suffix == ".csv":
            recs, bad = _read_csv(f)
        elif suffix == ".json":
            recs, bad = _read_open_syria(f, governorates)
        else:
            raise GazetteerImportError(f"{f}: unknown file type {suffix!r} (expected .csv or .json)")
        result.files.append(str(f))
        raw += recs
        result.skipped += bad
    seen: set[str] = set()
    for where, rec in raw:
        kept = [v for v in rec.get("variants", []) if _ARABIC.search(v)]
        if len(kept) < len(rec.get("variants", [])):
            dropped = [v for v in rec["variants"] if v not in kept]
            result.notes.append(f"{where}: alias(es) without Arabic letters left out: "
                                f"{', '.join(map(repr, dropped))}")
            rec["variants"] = kept
        errors = _problems(rec, where)
        if not errors and rec["id"] in seen:
            errors = [f"{where}: duplicate id {rec['id']!r}"]
        if errors:
            result.skipped.append(errors[0])
            continue
        seen.add(rec["id"])
        result.places.append(rec)
    if not result.places:
        raise GazetteerImportError(f"{source}: no place could be imported"
                                   + "".join(f"\n  {r}" for r in result.skipped[:20]))
    _save(result, source)
    return result


def _save(result: ImportResult, source: Path) -> None:
    result.saved.parent.mkdir(parents=True, exist_ok=True)
    doc = {"format": FORMAT, "version": VERSION, "name": result.name, "source": str(source.resolve()),
           "imported": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
           "places": result.places}
    fd, tmp = tempfile.mkstemp(dir=result.saved.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=0)
    os.chmod(tmp, 0o644)
    os.replace(tmp, result.saved)


def user_files(directory: Path) -> list[Path]:
    """The saved gazetteer files in `directory`, by file name."""
    return sorted(Path(directory).glob("*.json")) if Path(directory).is_dir() else []


def read_user_gazetteers(directory: Path) -> list[dict]:
    """The saved gazetteer documents in `directory`, by file name; GazetteerError for one
    that cannot be read or is not a saved gazetteer."""
    docs = []
    for f in user_files(directory):
        try:
            doc = json.loads(f.read_text(encoding="utf-8"))
        except RecursionError:
            raise GazetteerError(f"user gazetteer {f} is unreadable: JSON nested too deeply; "
                                 "re-import it or remove it") from None
        except (OSError, ValueError) as e:
            raise GazetteerError(f"user gazetteer {f} is unreadable ({e}); re-import it or remove it") from None
        if (not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("name"), str)
                or not isinstance(doc.get("places"), list)):
            raise GazetteerError(f"user gazetteer {f} is not an {FORMAT} file; re-import it or remove it")
        doc["path"] = str(f)
        docs.append(doc)
    return docs


def user_entries(directory: Path) -> list[Entry]:
    """Entries of every imported gazetteer (later file names override earlier ones); every
    place is checked as on import, and the first that fails raises GazetteerError."""
    out = []
    for doc in read_user_gazetteers(directory):
        for i, p in enumerate(doc["places"]):
            where = f"user gazetteer {doc['path']}: place {i}"
            problems = _problems(p, where) if isinstance(p, dict) else [f"{where}: not a record"]
            if problems:
                raise GazetteerError(f"{problems[0]}; re-import it or remove it")
            out.append(entry_from_record(p, f"user:{doc['name']}", PRECEDENCE["user"]))
    return out


# --- layouts --------------------------------------------------------------------------------

def _admin1(value: str | None) -> str | None:
    """ISO code from an ISO code, OCHA P-code or governorate name (Arabic or English)."""
    if not value or not value.strip():
        return None
    v = value.strip()
    w = words()
    if v.upper() in w.rif:
        return v.upper()
    if re.match(r"^SY\d\d", v, re.I):
        return w.ocha_pcode.get(v[:4].upper())
    key = norm(v)
    return w.admin1_by_name.get(key) or w.admin1_by_name.get(key.lower())


def _float(value: str | None, what: str) -> float | None:
    if value is None or not str(value).strip():
        return None
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a number") from None


def _generated_id(prefix: str, name: str, admin1: str | None) -> str:
    return f"{prefix}-{hashlib.sha1(f'{name}|{admin1}'.encode()).hexdigest()[:10]}"


def _rows(path: Path):
    try:
        fh = path.open(encoding="utf-8-sig", newline="")
        reader = csv.DictReader(fh)
        header = [h.strip() for h in reader.fieldnames or []]
    except UnicodeDecodeError:
        raise GazetteerImportError(f"{path}: not UTF-8 text (save the CSV as UTF-8)") from None
    return fh, reader, header


def _read_csv(path: Path) -> tuple[list[tuple[str, dict]], list[str]]:
    fh, reader, header = _rows(path)
    lower = {h.lower(): h for h in header}
    with fh:
        try:
            if any(re.match(r"^(adm\d_|admin\dname_)", h) for h in lower):
                return _read_ocha(path, reader, lower)
            if "name_ar" in lower:
                return _read_simple(path, reader, lower)
        except UnicodeDecodeError:
            raise GazetteerImportError(f"{path}: not UTF-8 text (save the CSV as UTF-8)") from None
    raise GazetteerImportError(f"{path}: unknown CSV layout: expected OCHA columns (ADM1_AR, ADM1_PCODE …) "
                       f"or a simple gazetteer (name_ar, aliases, admin1, latitude, longitude)")


def _col(row: dict, lower: dict, *names: str) -> str:
    for n in names:
        if n in lower and (row.get(lower[n]) or "").strip():
            return row[lower[n]].strip()
    return ""


def _coords(row: dict, lower: dict) -> tuple[float | None, float | None]:
    return (_float(_col(row, lower, *_LAT_COLUMNS) or None, "latitude"),
            _float(_col(row, lower, *_LON_COLUMNS) or None, "longitude"))


def _coords_or_bad(row: dict, lower: dict, where: str, bad: list) -> tuple[float | None, float | None] | None:
    """The row's coordinates, or None with the reason added to `bad`."""
    try:
        return _coords(row, lower)
    except ValueError as e:
        bad.append(f"{where}: {e}")
        return None


def _imported(rec: dict) -> dict:
    """A record as saved: its coordinates, when given, are marked as the import's."""
    if rec["lat"] is not None:
        rec["coords"] = "import"
    return rec


def _read_ocha(path: Path, reader, lower: dict):
    recs, bad = [], []
    for line, row in enumerate(reader, start=2):
        where = f"{path.name}:line {line}"

        def adm(n: int, what: str) -> str:
            other = f"admin{n}pcode" if what == "pcode" else f"admin{n}name_{what}"
            return _col(row, lower, f"adm{n}_{what}", other)

        levels = [n for n in (4, 3, 2, 1) if adm(n, "ar") or adm(n, "en")]
        if not levels:
            bad.append(f"{where}: no ADM1–ADM4 name")
            continue
        n = levels[0]
        name = adm(n, "ar")
        if not name:
            bad.append(f"{where}: no Arabic name (ADM{n}_AR) for {adm(n, 'en')!r}")
            continue
        given = [adm(1, "pcode"), adm(1, "ar"), adm(1, "en"), adm(n, "pcode")]
        admin1 = next((a for a in map(_admin1, given) if a), None)
        if not admin1:
            bad.append(f"{where}: unknown governorate ({next((g for g in given[:3] if g), 'none given')})")
            continue
        coords = _coords_or_bad(row, lower, where, bad)
        if coords is None:
            continue
        lat, lon = coords
        alts = [row[h].strip() for k, h in lower.items()
                if re.match(rf"^adm{n}_?alt\d*_?ar$|^adm{n}_ref_ar$", k) and (row.get(h) or "").strip()]
        rec = {"id": adm(n, "pcode") or _generated_id("ocha", name, admin1), "name": name,
               "name_en": adm(n, "en") or None, "variants": [a for a in alts if a != name],
               "admin1": admin1, "feature": _LEVEL_FEATURE[n], "lat": lat, "lon": lon}
        recs.append((where, _imported(rec)))
    return recs, bad


def _read_simple(path: Path, reader, lower: dict):
    recs, bad = [], []
    for line, row in enumerate(reader, start=2):
        where = f"{path.name}:line {line}"
        name = _col(row, lower, "name_ar")
        if not name:
            bad.append(f"{where}: name_ar is empty")
            continue
        given = _col(row, lower, "admin1")
        admin1 = _admin1(given)
        if not admin1:
            bad.append(f"{where}: unknown governorate {given!r} (give an ISO code like SY-HL or a governorate name)")
            continue
        coords = _coords_or_bad(row, lower, where, bad)
        if coords is None:
            continue
        lat, lon = coords
        aliases = [a.strip() for a in _col(row, lower, "aliases").split(";") if a.strip()]
        rec = {"id": _col(row, lower, "id") or _generated_id(path.stem, name, admin1), "name": name,
               "name_en": _col(row, lower, "name_en") or None, "variants": aliases, "admin1": admin1,
               "feature": _col(row, lower, "feature").lower() or "village", "lat": lat, "lon": lon}
        recs.append((where, _imported(rec)))
    return recs, bad


def _load_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except RecursionError:
        raise GazetteerImportError(f"{path}: not readable JSON (nested too deeply)") from None
    except (OSError, ValueError) as e:
        raise GazetteerImportError(f"{path}: not readable JSON ({e})") from None


def _governorate_ids(files: list[Path]) -> dict[str, str]:
    """Open-Syria governorate ids → ISO codes, from the governorate records among `files`."""
    out = {}
    for f in files:
        if f.suffix.lower() != ".json":
            continue
        data = _load_json(f)
        for rec in data if isinstance(data, list) else []:
            if isinstance(rec, dict) and rec.get("iso31662") and rec.get("id"):
                out[rec["id"]] = rec["iso31662"]
    return out


def _read_open_syria(path: Path, governorates: dict[str, str]):
    data = _load_json(path)
    if not isinstance(data, list) or not any(isinstance(r, dict) and isinstance(r.get("name"), dict)
                                             for r in data):
        return [], [f"{path.name}: not a gazetteer (a list of records with name.ar), file skipped"]
    recs, bad = [], []
    for i, r in enumerate(data):
        where = f"{path.name}:record {i}" + (f" ({r['id']})" if isinstance(r, dict) and r.get("id") else "")
        if not isinstance(r, dict) or not isinstance(r.get("name"), dict) or not (r["name"].get("ar") or "").strip():
            bad.append(f"{where}: no name.ar")
            continue
        pcode = str((r.get("externalIds") or {}).get("ochaPcode") or "")
        admin1 = (_admin1(r.get("iso31662")) or _admin1(pcode)
                  or _admin1(governorates.get(r.get("governorateId", ""))))
        if not admin1:
            bad.append(f"{where}: no governorate (iso31662, ochaPcode or a known governorateId)")
            continue
        feature = (_PCODE_FEATURE.get(len(pcode)) or ("governorate" if r.get("iso31662") else
                   "subdistrict" if r.get("districtId") else "district"))
        centroid = r.get("centroid") or {}
        try:
            lat = _float(centroid.get("latitude"), "centroid.latitude")
            lon = _float(centroid.get("longitude"), "centroid.longitude")
        except ValueError as e:
            bad.append(f"{where}: {e}")
            continue
        name = r["name"]["ar"].strip()
        aliases = [a["value"].strip() for a in r.get("aliases") or []
                   if isinstance(a, dict) and a.get("language") == "ar" and (a.get("value") or "").strip()]
        pop = (r.get("population") or {}).get("value")
        rec = {"id": str(r.get("id") or _generated_id(path.stem, name, admin1)), "name": name,
               "name_en": r["name"].get("en"), "variants": [a for a in dict.fromkeys(aliases) if a != name],
               "admin1": admin1, "feature": feature, "lat": lat, "lon": lon}
        if lat is not None:
            rec["coords"] = "import"
        if isinstance(pop, int) and pop >= 0:
            rec["population"] = pop
        recs.append((where, rec))
    return recs, bad

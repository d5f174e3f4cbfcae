"""A folder's ``manifest.csv``: what a researcher lists about each report overrides what was read.

:func:`apply_manifest` sets a report's metadata row from its manifest row
(``body``, ``agency``, ``year``, ``level``, …); each value taken from the
manifest is marked ``<field>_source = "manifest"``.  It sits after
:mod:`ogi_nlp.metadata` (whose level and body kind rules it applies to a listed
agency) and before :mod:`ogi_nlp.corpus`, which calls it.

Examples
--------
>>> apply_manifest({"agency": "某局", "year": None}, {"year": "2023"})["year_source"]
'manifest'
"""
from __future__ import annotations

from typing import Any

from .bodies import body_id
from .gazetteer import find_region
from .metadata import agency_level, body_kind

__all__ = ["apply_manifest", "MANIFEST_FIELDS"]

#: Columns of a folder's ``manifest.csv`` that set a report's metadata (besides ``file``).
MANIFEST_FIELDS: tuple[str, ...] = (
    "body", "agency", "year", "level", "doc_type", "generation", "title", "body_kind",
    "province", "city", "county", "region_code", "region", "published",
)
_LEVEL_WORDS = {"national": "central", "province": "provincial", "city": "municipal", "prefecture": "municipal",
                "district": "county", "town": "township", "street": "township", "institution": "public_institution"}
# What the reader measured is never overridden by a manifest.
_READER_FACTS = frozenset({"file", "status", "reason", "sha256", "format", "encoding", "pages", "script",
                           "n_warnings", "warnings", "n_sentences", "n_values", "seconds", "cached"})


def apply_manifest(row: dict, listed: Any = None) -> dict:
    """A report's metadata row with a folder manifest's cells applied; ``body`` set.

    Every non-empty cell of the manifest row in :data:`MANIFEST_FIELDS` (and any
    other column that names a metadata field of ``row``, reader facts such as
    ``sha256`` and ``format`` excepted) replaces the value read from the report,
    and its ``<field>_source`` becomes ``"manifest"``.  A manifest ``agency`` also
    re-derives the level, region and body id unless the manifest gives them; a
    ``region`` cell (``江苏省淮安市洪泽区``) is read with the gazetteer into
    province, city, county and code.  ``body`` and ``body_id`` are the
    manifest's ``body`` if it has one; else ``body_id`` is the body id of the
    (manifest or read) agency (:func:`body_id`) and ``body`` is left for
    :func:`name_bodies`, so reports of one body pair across years.  A ``level``
    may also be written national/province/city (read as central/provincial/
    municipal).

    Parameters
    ----------
    row : dict
        The metadata read from one report (keys as in ``Corpus.reports()``).
    listed : mapping or pandas.Series, optional
        The file's row of the manifest (``None`` when it is not listed).

    Returns
    -------
    dict
        A new row.

    Examples
    --------
    >>> r = apply_manifest({"agency": "洪泽区人民政府", "year": 2023, "level": "county", "body_id": "320813:人民政府"})
    >>> r["body"], r["body_id"]
    (None, '320813:人民政府')
    >>> r = apply_manifest({"agency": "洪泽区人民政府", "year": None, "level": "county"},
    ...                    {"year": "2023", "region": "江苏省淮安市洪泽区", "body": "洪泽区"})
    >>> r["year"], r["year_source"], r["region_code"], r["body"], r["body_id"]
    (2023, 'manifest', '320813', '洪泽区', '洪泽区')
    """
    out = dict(row)
    cells: dict[str, Any] = {}
    if listed is not None:
        items = listed.items() if hasattr(listed, "items") else []
        for key, value in items:
            if key in _READER_FACTS or value is None or (isinstance(value, float) and value != value):
                continue
            if isinstance(value, str) and not value.strip():
                continue
            if key in MANIFEST_FIELDS or key in row:
                cells[str(key)] = value.strip() if isinstance(value, str) else value
    if "year" in cells:
        try:
            cells["year"] = int(float(cells["year"]))
        except (TypeError, ValueError):
            raise ValueError(f"manifest.csv: year {cells['year']!r} is not a year") from None
    if "level" in cells:  # the words of other codings are accepted for the toolkit's levels
        cells["level"] = _LEVEL_WORDS.get(str(cells["level"]).lower(), cells["level"])
    region_text = cells.pop("region", None)
    for key, value in cells.items():
        out[key] = value
        if key != "body":
            out[f"{key}_source"] = "manifest"
    if "agency" in cells:
        if "level" not in cells:
            out["level"], out["level_source"] = agency_level(cells["agency"]), "manifest"
        if "body_kind" not in cells:
            out["body_kind"] = body_kind(cells["agency"])
        if "body_id" not in cells:
            out["body_id"] = body_id(cells["agency"])
    region_name = region_text if region_text is not None else (cells.get("agency") if not any(
        k in cells for k in ("province", "city", "county", "region_code")) else None)
    if region_name is not None:
        found = find_region(str(region_name))
        if found["region_code"]:
            for key in ("province", "city", "county", "region_code", "region_rank"):
                if key not in cells:
                    out[key] = found[key]
            out["region_source"] = "manifest"
    if "body" in cells:  # the user's grouping is the id
        out["body_id"] = cells["body"]
    else:
        out["body"] = None  # named by name_bodies() once all reports are known
        out["body_id"] = out.get("body_id") or body_id(out.get("agency"))
    return out

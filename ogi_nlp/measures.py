"""All the per-report measures at once, from the frames a build already has.

:func:`measure_outputs` is the one call a build needs to add the text, copying,
quality, harmonised-series and flag outputs to what it writes; it takes the
dict of frames of ``Corpus.outputs()`` (``manifest``, ``sections``,
``sentences``, ``tables``, ``checks``, ``panel``) and returns new frames by
name, each ready to write (the report key is a column, not the index):

``quality``             :func:`ogi_nlp.quality.report_quality`
``readability``         :func:`ogi_nlp.text.readability`
``change``              :func:`ogi_nlp.change.change_between_years`
``harmonised``          :func:`ogi_nlp.harmonise.harmonised_series`
``variable_flags``      :func:`ogi_nlp.flags.variable_flags`
``dictionary``          :func:`ogi_nlp.text.code_reports` (only with ``dictionary=``)
``dictionary_matches``  :func:`ogi_nlp.text.dictionary_matches` (only with ``dictionary=``)
``panel_measures``      the panel joined with every per-report measure above (no column
                        is repeated: the measures' names differ from the panel's)

Examples
--------
>>> sorted(OUTPUTS)[:3]
['change', 'dictionary', 'dictionary_matches']
"""
from __future__ import annotations

import os
from typing import Any, Mapping

import pandas as pd

from .change import change_between_years
from .flags import variable_flags
from .harmonise import harmonised_series
from .quality import report_quality
from .text import code_reports, dictionary_matches, load_dictionary, readability

__all__ = ["measure_outputs", "OUTPUTS"]

#: The outputs :func:`measure_outputs` can add.
OUTPUTS: tuple[str, ...] = ("quality", "readability", "change", "harmonised", "variable_flags",
                            "dictionary", "dictionary_matches", "panel_measures")
_CHANGE_FOR_PANEL = ("previous_report", "years_apart", "text_jaccard", "text_containment",
                     "sentences_repeated_share", "sentences_repeated_share_masked", "table_values_compared",
                     "table_values_equal", "tables_unchanged", "tables_unchanged_nonzero")


def measure_outputs(frames: Mapping[str, pd.DataFrame], *,
                    dictionary: Any = None, readability_pos: bool = True,
                    engine: str = "jieba") -> dict[str, pd.DataFrame]:
    """The measure outputs of a build (see the module notes for the list).

    Parameters
    ----------
    frames : mapping
        ``Corpus.outputs()``: needs ``manifest``, ``sections`` and
        ``sentences``; ``tables``, ``checks`` and ``panel`` are used when
        present.
    dictionary : Dictionary, mapping or path, optional
        A researcher's dictionary (YAML/CSV, see
        :func:`ogi_nlp.text.load_dictionary`); adds ``dictionary`` and
        ``dictionary_matches``.
    readability_pos : bool, default True
        Tag parts of speech for the adverb and conjunction shares (the slow
        part of the measures).
    engine : {"jieba", "rjieba"}, default "jieba"
        The part-of-speech tagger.

    Returns
    -------
    dict of str to DataFrame
    """

    missing = {"manifest", "sections", "sentences"} - set(frames)
    if missing:
        raise ValueError(f"frames lack {sorted(missing)}; pass Corpus.outputs()")
    reports, sections, sentences = frames["manifest"], frames["sections"], frames["sentences"]
    tables = frames.get("tables")
    tables = tables if tables is not None and len(tables) else None
    checks = frames.get("checks")
    checks = checks if checks is not None and len(checks) else None
    per_report: dict[str, pd.DataFrame] = {
        "quality": report_quality(reports, sections, sentences, tables, checks),
        "readability": readability(sentences, pos=readability_pos, engine=engine),
    }
    change = change_between_years(sentences, reports, tables)
    if tables is not None:
        per_report["harmonised"] = harmonised_series(tables)
    if dictionary is not None:
        d = load_dictionary(dictionary if not isinstance(dictionary, (str, os.PathLike)) else os.fspath(dictionary))
        per_report["dictionary"] = code_reports(sentences, d)
    out = {name: frame.reset_index() for name, frame in per_report.items()}
    out["change"] = change
    if checks is not None:
        out["variable_flags"] = variable_flags(checks)
    if dictionary is not None:
        out["dictionary_matches"] = dictionary_matches(sentences, d)
    panel = frames.get("panel")
    if panel is not None:
        base = panel.set_index("report") if "report" in panel.columns else panel
        parts = [base] + list(per_report.values())
        parts.append(change.set_index("report")[list(_CHANGE_FOR_PANEL)])
        joined = base
        for part in parts[1:]:
            joined = joined.join(part, how="left")
        out["panel_measures"] = joined.reset_index()
    return out

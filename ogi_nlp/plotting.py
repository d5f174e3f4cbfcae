"""Charts in Chinese: a packaged CJK font for matplotlib, and two small helpers.

A fresh machine has no CJK font, so matplotlib draws Chinese as boxes and warns
once per glyph.  :func:`use_cjk_font` registers the Noto Sans CJK collection
shipped by the ``noto-cjk-sans-otc`` wheel (OFL licence, installed with the
package, nothing is downloaded) and selects its Simplified Chinese face.

:func:`bar_chart` and :func:`heatmap` call it themselves and return
``(fig, ax)`` so that notebooks can adjust the result.  Missing values stay
visibly missing: a NaN bar is not drawn and a NaN heatmap cell is left blank
and unlabelled, never painted as 0.

Examples
--------
>>> from ogi_nlp.plotting import use_cjk_font
>>> use_cjk_font()
'Noto Sans CJK SC'
"""
from __future__ import annotations

import importlib.resources
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["use_cjk_font", "cjk_font_path", "bar_chart", "heatmap", "CJK_FAMILY"]

CJK_FAMILY = "Noto Sans CJK SC"
_FONT_PACKAGE = "noto_cjk_sans_otc"
_FONT_FILE = "NotoSansCJK-Regular.ttc"

_state: dict[str, Any] = {"registered": False}


def cjk_font_path() -> str:
    """Return the path of the packaged Noto Sans CJK collection (``.ttc``).

    Returns
    -------
    str
        A file inside the installed ``noto_cjk_sans_otc`` package.

    Examples
    --------
    >>> cjk_font_path().endswith("NotoSansCJK-Regular.ttc")
    True
    """
    resource = importlib.resources.files(_FONT_PACKAGE).joinpath(_FONT_FILE)
    # The wheel installs plain files, so the resource is a real path on disk;
    # matplotlib needs one (it cannot read fonts from a zip).
    return str(resource)


def _register_font() -> None:
    from matplotlib import font_manager

    path = cjk_font_path()
    known = any(
        entry.fname == path and entry.name == CJK_FAMILY
        for entry in font_manager.fontManager.ttflist
    )
    if not known:
        # matplotlib >= 3.10 registers every face of a collection with its
        # index, so "Noto Sans CJK SC" resolves to face 2 (face 0 is JP).
        font_manager.fontManager.addfont(path)
    if not any(
        entry.fname == path and entry.name == CJK_FAMILY
        for entry in font_manager.fontManager.ttflist
    ):
        raise RuntimeError(
            f"matplotlib registered {path} but no face named {CJK_FAMILY!r}; "
            "a matplotlib older than 3.10 reads only face 0 of a .ttc: upgrade it"
        )


def _png_inline() -> None:
    # Only touch IPython if the user is already running it (never import it).
    if "IPython" not in sys.modules:
        return
    shell = sys.modules["IPython"].get_ipython()
    if shell is None:
        return
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # pragma: no cover - ipykernel ships matplotlib_inline
        return
    # nbval compares SVG output, which embeds a date; PNG it skips.
    set_matplotlib_formats("png")


def use_cjk_font() -> str:
    """Make matplotlib draw Chinese with the packaged Noto Sans CJK SC font.

    Registers ``NotoSansCJK-Regular.ttc`` from the ``noto-cjk-sans-otc``
    package with matplotlib's font manager, puts "Noto Sans CJK SC" first in
    ``font.sans-serif``, sets ``font.family`` to sans-serif and
    ``axes.unicode_minus`` to False (an ASCII hyphen as minus sign, so no
    font has to supply U+2212).  Under IPython it also sets the inline figure
    format to PNG.  Calling it again does nothing new.

    Returns
    -------
    str
        The family name now used, ``"Noto Sans CJK SC"``.

    Notes
    -----
    The ``.ttc`` collection holds ten faces; face 0 is the Japanese one.
    matplotlib >= 3.10 registers every face with its index, and
    ``"Noto Sans CJK SC"`` resolves to face 2, so glyphs whose shapes differ
    between regions (e.g. 骨, 直, 关) are drawn in their Simplified Chinese
    form; ``tests/test_plotting.py`` checks that the face used is the SC one
    and that its drawings differ from face 0.  Older matplotlib read only
    face 0 of a collection: there the Japanese shapes would be drawn, so this
    function refuses to run (RuntimeError) rather than draw them silently.

    Examples
    --------
    >>> import matplotlib
    >>> use_cjk_font()
    'Noto Sans CJK SC'
    >>> matplotlib.rcParams["font.sans-serif"][0]
    'Noto Sans CJK SC'
    """
    import matplotlib

    if not _state["registered"]:
        _register_font()
        _state["registered"] = True
    rc = matplotlib.rcParams
    rc["font.family"] = ["sans-serif"]
    rest = [name for name in rc["font.sans-serif"] if name != CJK_FAMILY]
    rc["font.sans-serif"] = [CJK_FAMILY, *rest]
    rc["axes.unicode_minus"] = False
    _png_inline()
    return CJK_FAMILY


def _new_axes(ax: Axes | None, figsize: tuple[float, float] | None) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax
    import matplotlib.pyplot as plt

    fig, new_ax = plt.subplots(figsize=figsize, layout="constrained")
    return fig, new_ax


def bar_chart(
    series: pd.Series,
    *,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    horizontal: bool = False,
    ax: Axes | None = None,
    figsize: tuple[float, float] | None = None,
) -> tuple[Figure, Axes]:
    """Draw a bar per item of a Series, labelled by its index.

    Parameters
    ----------
    series : pandas.Series
        Numeric values; the index gives the bar labels (shown as printed).
        NaN values get no bar (their label stays, so the gap is visible).
    title, xlabel, ylabel : str, optional
        Chart texts, Chinese allowed.
    horizontal : bool, default False
        Horizontal bars, easier to read with long Chinese labels.  Bars keep
        the Series order, top to bottom.
    ax : matplotlib Axes, optional
        Draw into this Axes instead of a new figure.
    figsize : (float, float), optional
        Size of a new figure in inches.

    Returns
    -------
    (Figure, Axes)

    Examples
    --------
    >>> import pandas as pd
    >>> fig, ax = bar_chart(pd.Series({"主动公开": 12, "依申请公开": 5}), title="信息公开")
    >>> ax.get_title(), len(ax.patches)
    ('信息公开', 2)
    """
    import numpy as np

    use_cjk_font()
    values = np.asarray(series.to_numpy(dtype="float64", na_value=np.nan))
    labels = [str(label) for label in series.index]
    positions = np.arange(len(values))
    keep = ~np.isnan(values)
    fig, ax = _new_axes(ax, figsize)
    if horizontal:
        ax.barh(positions[keep], values[keep])
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
    else:
        ax.bar(positions[keep], values[keep])
        ax.set_xticks(positions, labels)
        if any(len(label) > 4 for label in labels):
            ax.tick_params(axis="x", labelrotation=45)
    if title is not None:
        ax.set_title(title)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    return fig, ax


def heatmap(
    frame: pd.DataFrame,
    *,
    title: str | None = None,
    cmap: str = "Blues",
    annotate: bool = True,
    fmt: str = "{:.2f}",
    vmin: float | None = None,
    vmax: float | None = None,
    colorbar_label: str | None = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] | None = None,
) -> tuple[Figure, Axes]:
    """Draw a DataFrame as a heatmap with its index and columns as labels.

    Parameters
    ----------
    frame : pandas.DataFrame
        Numeric (or boolean) cells.  NaN cells are left blank, not coloured
        as 0.
    title : str, optional
        Chart title.
    cmap : str, default "Blues"
        A matplotlib colormap name; an unknown name raises ValueError.
    annotate : bool, default True
        Write each value in its cell (with ``fmt``); skipped for frames of
        more than 400 cells.
    fmt : str, default "{:.2f}"
        ``str.format`` pattern for annotations.
    vmin, vmax : float, optional
        Colour scale limits (default: the data's range).
    colorbar_label : str, optional
        Label of the colour bar.
    ax : matplotlib Axes, optional
        Draw into this Axes instead of a new figure.
    figsize : (float, float), optional
        Size of a new figure in inches.

    Returns
    -------
    (Figure, Axes)

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"2021": [0.8, None], "2022": [0.3, 0.5]}, index=["政府网站", "政务新媒体"])
    >>> fig, ax = heatmap(frame, title="覆盖")
    >>> [t.get_text() for t in ax.texts]
    ['0.80', '0.30', '0.50']
    """
    import matplotlib
    import numpy as np

    if cmap not in matplotlib.colormaps:
        raise ValueError(
            f"cmap={cmap!r} is not a matplotlib colormap; use one of "
            f"matplotlib.colormaps, e.g. 'Blues', 'viridis', 'RdBu_r'"
        )
    use_cjk_font()
    values = frame.to_numpy(dtype="float64", na_value=np.nan)
    fig, ax = _new_axes(ax, figsize)
    image = ax.imshow(
        np.ma.masked_invalid(values), cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto"
    )
    ax.set_xticks(np.arange(frame.shape[1]), [str(c) for c in frame.columns])
    ax.set_yticks(np.arange(frame.shape[0]), [str(i) for i in frame.index])
    if any(len(str(c)) > 4 for c in frame.columns):
        ax.tick_params(axis="x", labelrotation=45)
    colorbar = fig.colorbar(image, ax=ax)
    if colorbar_label is not None:
        colorbar.set_label(colorbar_label)
    if annotate and values.size <= 400:
        norm = image.norm
        for (row, col), value in np.ndenumerate(values):
            if np.isnan(value):
                continue
            dark = norm(value) > 0.6
            ax.text(
                col, row, fmt.format(value), ha="center", va="center",
                color="white" if dark else "black", fontsize="small",
            )
    if title is not None:
        ax.set_title(title)
    return fig, ax

"""Tests for ogi_nlp.plotting: Chinese renders with the packaged SC face."""
from __future__ import annotations

import io
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

from ogi_nlp.plotting import CJK_FAMILY, bar_chart, cjk_font_path, heatmap, use_cjk_font  # noqa: E402

# Real headings from the bundled reports.
TITLES = [
    "政府信息公开工作年度报告",
    "国家知识产权局2018年政务公开工作要点",
    "收到和处理政府信息公开申请情况",
    "行政复议、行政诉讼情况",
]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=50)
    return buffer.getvalue()


def test_returns_family_and_is_idempotent():
    assert use_cjk_font() == CJK_FAMILY
    before = len(font_manager.fontManager.ttflist)
    assert use_cjk_font() == CJK_FAMILY
    assert len(font_manager.fontManager.ttflist) == before
    assert matplotlib.rcParams["font.sans-serif"].count(CJK_FAMILY) == 1
    assert matplotlib.rcParams["font.sans-serif"][0] == CJK_FAMILY
    assert matplotlib.rcParams["axes.unicode_minus"] is False


def test_font_file_is_the_packaged_one_and_face_is_sc():
    use_cjk_font()
    found = font_manager.findfont(
        font_manager.FontProperties(family=matplotlib.rcParams["font.sans-serif"][0]),
        fallback_to_default=False,
    )
    assert str(found) == cjk_font_path()
    assert "noto_cjk_sans_otc" in cjk_font_path()
    font = font_manager.get_font(found)
    assert font.family_name == "Noto Sans CJK SC"


@pytest.mark.parametrize("title", TITLES)
def test_chinese_title_renders_without_missing_glyphs(title):
    use_cjk_font()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, ax = plt.subplots()
        ax.set_title(title)
        ax.plot([-1, 0, 1])
        data = _png(fig)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"


def test_without_cjk_font_the_default_does_warn():
    # The check above can fail: DejaVu alone cannot draw 政 and says so.
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        ax.set_title("政府信息公开")
        with pytest.warns(UserWarning, match="Glyph"):
            _png(fig)


def _glyph_bitmap(face_index: int, char: str) -> np.ndarray:
    font = FT2Font(cjk_font_path(), face_index=face_index)
    font.set_size(48, 72)
    font.set_text(char)
    font.draw_glyphs_to_bitmap()
    return np.asarray(font.get_image())


@pytest.mark.parametrize("char", ["骨", "直"])
def test_sc_face_differs_from_japanese_face_zero(char):
    # 骨 and 直 are drawn differently in Japan and mainland China; the face
    # matplotlib picks for CJK_FAMILY must be the SC one, not face 0 (JP).
    use_cjk_font()
    found = font_manager.findfont(font_manager.FontProperties(family=CJK_FAMILY))
    assert found.face_index == 2
    assert FT2Font(cjk_font_path(), face_index=0).family_name == "Noto Sans CJK JP"
    sc, jp = _glyph_bitmap(found.face_index, char), _glyph_bitmap(0, char)
    assert sc.shape != jp.shape or not np.array_equal(sc, jp)


def test_bar_chart_skips_missing_and_keeps_labels():
    series = pd.Series({"主动公开": 12.0, "依申请公开": np.nan, "行政复议": 3.0})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, ax = bar_chart(series, title="2022年", xlabel="类别", ylabel="件数")
        _png(fig)
    assert [t.get_text() for t in ax.get_xticklabels()] == list(series.index)
    assert sorted(p.get_height() for p in ax.patches) == [3.0, 12.0]
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("2022年", "类别", "件数")


def test_bar_chart_horizontal_keeps_order_top_down():
    series = pd.Series([1, 2, 3], index=["甲", "乙", "丙"])
    fig, ax = bar_chart(series, horizontal=True)
    widths = [p.get_width() for p in sorted(ax.patches, key=lambda p: p.get_y())]
    assert widths == [1, 2, 3]
    assert ax.yaxis_inverted()


def test_heatmap_leaves_nan_blank():
    frame = pd.DataFrame(
        {"000": [0.81, np.nan], "004": [0.0, 0.42]}, index=["政府网站", "依申请公开"]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, ax = heatmap(frame, title="任务覆盖", cmap="viridis")
        _png(fig)
    assert [t.get_text() for t in ax.texts] == ["0.81", "0.00", "0.42"]
    array = ax.images[0].get_array()
    assert bool(array.mask[1, 0]) and not bool(array.mask[0, 1])


def test_heatmap_bad_cmap_names_value():
    with pytest.raises(ValueError, match="not-a-map"):
        heatmap(pd.DataFrame({"a": [1.0]}), cmap="not-a-map")


def test_under_ipython_inline_format_becomes_png():
    # nbval compares SVG (which embeds a date) but skips PNG.
    pytest.importorskip("matplotlib_inline")
    interactiveshell = pytest.importorskip("IPython.core.interactiveshell")
    from matplotlib.figure import Figure
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    shell = interactiveshell.InteractiveShell.instance()
    try:
        formatters = shell.display_formatter.formatters
        set_matplotlib_formats("svg")
        assert Figure in formatters["image/svg+xml"].type_printers
        use_cjk_font()
        assert Figure in formatters["image/png"].type_printers
        assert Figure not in formatters["image/svg+xml"].type_printers
    finally:
        interactiveshell.InteractiveShell.clear_instance()

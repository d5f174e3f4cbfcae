"""stream_rows and table_rows read every line in one pass: the same rows as the two-step
readings they replaced (every field of the document as a :class:`Field`, or every flattened
cell with its place, then the rows cut from them), kept here as the references."""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import Iterable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ogi_nlp.document import Block, Document
from ogi_nlp.tables.cells import CellValue, is_unit
from ogi_nlp.tables.labels import normalise_label
from ogi_nlp.tables.rows import TableRow, _flat_cell, _grid_rows, _numbered, table_rows
from ogi_nlp.tables.stream import (Field, StreamRow, _fields, _short_text_cell, _value_cell, stream_rows,
                                   strip_glosses)


def _reference_fields(doc: Document) -> Iterable[tuple[Field, tuple]]:
    line = 0
    for bi, block in enumerate(doc.blocks):
        if block.kind == "image":
            continue
        if block.kind == "table" and block.layout != "flattened":
            for r, cells in enumerate(block.rows):
                line += 1
                present = [(c, t) for c, t in enumerate(cells) if t is not None]
                fields: list = []
                for c, t in present:
                    t = strip_glosses(t)
                    cv = _value_cell(t) if t.strip() else CellValue(t, "missing")
                    if not t.strip():
                        fields.append(("blank", "", cv, c))
                    elif cv is not None:
                        fields.append(("value", t, cv, c))
                    elif any(k == "value" for k, *_ in fields) and _short_text_cell(t):
                        fields.append(("value", t, CellValue(t, "missing"), c))
                    else:
                        fields.append(("label", t, None, c))
                multi = len(fields) > 1
                for k, t, cv, c in fields:
                    yield Field(k, t, cv, line, multi), (bi, block.page, r, c)
            continue
        if block.kind == "table":
            for r, cells in enumerate(block.rows):
                for c, t in enumerate(cells):
                    if t is None:
                        continue
                    line += 1
                    for k, tt, cv in _fields(t):
                        yield Field(k, tt, cv, line, False), (bi, block.page, r, c)
            continue
        for r, text in enumerate(block.text.split("\n")):
            if not text.strip():
                continue
            line += 1
            fs = _fields(text)
            multi = len(fs) > 1
            for k, t, cv in fs:
                yield Field(k, t, cv, line, multi), (bi, block.page, -1 - r, 0)


def _reference_rows(doc: Document) -> list[StreamRow]:
    out: list[StreamRow] = []
    row = StreamRow()
    has_value = False
    for f, where in _reference_fields(doc):
        if f.kind == "label":
            if row.labels and not row.values and is_unit(f.text):
                row.unit, row.unit_seen = normalise_label(f.text), True
                continue
            done_line = bool(row.fields) and row.fields[-1].multi and row.fields[-1].line != f.line
            if has_value or done_line or (row.labels and (_numbered(f.text) or row.unit_seen)):
                out.append(row)
                row = StreamRow()
                has_value = False
            row.labels.append((f.text, where))
        elif f.kind == "blank":
            if row.values or row.labels:
                row.values.append((f.cell, where))
                row.fields.append(f)
        else:
            cell = f.cell if f.cell is not None else CellValue(f.text, "missing")
            row.values.append((cell, where))
            row.fields.append(f)
            has_value = True
    if row.labels or row.values:
        out.append(row)
    return out


def _reference_table_rows(blocks: list[Block], indices: list[int]) -> list[TableRow]:
    def flat_cells(block: Block, bi: int):
        for r, cells in enumerate(block.rows):
            for c, text in enumerate(cells):
                if text is not None:
                    yield text, (bi, block.page, r, c)

    def flattened_rows(cells):
        row = TableRow()
        for text, where in cells:
            cv, unit, numbered, blank = _flat_cell(text)
            if cv.status == "text":
                if unit and row.labels and not row.values:
                    row.unit, row.unit_seen = normalise_label(text), True
                    continue
                if row.values or (row.labels and (numbered or row.unit_seen)):
                    yield row
                    row = TableRow()
                row.labels.append((text, where))
            elif blank:
                if row.values:
                    row.values.append((cv, where))
                elif row.labels:
                    row.unit_seen = True
            else:
                row.values.append((cv, where))
        if row.labels or row.values:
            yield row

    out: list[TableRow] = []
    stream: list = []
    for block, bi in zip(blocks, indices):
        if block.layout == "flattened":
            stream.extend(flat_cells(block, bi))
            continue
        if stream:
            out.extend(flattened_rows(stream))
            stream = []
        out.extend(_grid_rows(block, bi))
    if stream:
        out.extend(flattened_rows(stream))
    return out


# cells and lines made of the pieces real tables print
_PIECES = ["规章", "行政许可", "行政处罚", "（一）", "1.", "其中", "件", "万元", "单位", "本年新收政府信息公开申请数量",
           "统计指标", "人次", "0", "12", "716", "-", "—", "无", "不适用", "约30", "3*", "1.2万", "十二", "规章000", "项(xiàng)",
           " ", "\u3000", "|", "｜", "\t", "?", "，", "。"]
_text = st.lists(st.sampled_from(_PIECES), max_size=8).map("".join)
_cell = st.one_of(st.none(), _text)
_block = st.one_of(
    st.builds(lambda lines: Block("paragraph", "\n".join(lines)), st.lists(_text, min_size=1, max_size=5)),
    st.builds(lambda cells: Block("table", "", rows=tuple((c,) for c in cells), layout="flattened"),
              st.lists(_cell, min_size=1, max_size=12)),
    st.builds(lambda rows, layout: Block("table", "", rows=tuple(tuple(r) for r in rows), layout=layout),
              st.lists(st.lists(_cell, max_size=6), min_size=1, max_size=5), st.sampled_from(["grid", "pipe"])),
    st.just(Block("image", "[表格图片]")),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_block, min_size=1, max_size=6))
def test_one_pass_gives_the_rows_of_the_reference(blocks: list[Block]) -> None:
    doc = Document.from_blocks("d", blocks)
    assert stream_rows(doc) == _reference_rows(doc)
    idx = [i for i, b in enumerate(doc.blocks) if b.kind == "table"]
    tables = [doc.blocks[i] for i in idx]
    assert table_rows(tables, idx) == _reference_table_rows(tables, idx)


def _real_documents() -> list[Path]:
    """The bundled reports and the table development copies (when ../shared is beside the repository)."""
    from ogi_nlp import corpus_path

    found = sorted(corpus_path().glob("*.txt"))
    dev = Path(__file__).resolve().parents[2] / "shared" / "dev" / "tables" / "docs"
    return found + (sorted(dev.glob("*.txt")) if dev.is_dir() else [])


def test_one_pass_gives_the_rows_of_the_reference_on_real_reports() -> None:
    from ogi_nlp.read import read_document

    paths = _real_documents()
    assert paths
    for path in paths:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            doc = read_document(path)
        assert stream_rows(doc) == _reference_rows(doc), path.name
        idx = [i for i, b in enumerate(doc.blocks) if b.kind == "table"]
        tables = [doc.blocks[i] for i in idx]
        assert table_rows(tables, idx) == _reference_table_rows(tables, idx), path.name

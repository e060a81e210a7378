"""model.layout: the printed grid every table shares (window, .docx, .xlsx, importer)."""

import pytest

from model.formats import get_format
from model.layout import VALUE, table_grid


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_every_position_is_covered_once_and_every_cell_placed(version):
    fmt = get_format(version)
    for table in fmt.tables.values():
        grid = table_grid(table)
        assert len(grid.covering) == grid.n_rows * grid.n_cols
        for cell in table.cells:
            row, col = grid.position_of(cell.code)
            assert grid.at(row, col).cell is cell
        for gc in grid.cells:
            for r in range(gc.row, gc.row + gc.rowspan):
                for k in range(gc.col, gc.col + gc.colspan):
                    assert grid.at(r, k) is gc


def test_the_index_is_built_once_with_the_grid():
    grid = table_grid(get_format("2021").tables["t3"])
    index = grid.covering
    grid.at(5, 5)
    grid.position_of("t3.new.natural")
    assert grid.covering is index and len(grid.positions) == len([c for c in grid.cells if c.role == VALUE])
    assert grid.at(999, 999) is None
    with pytest.raises(KeyError):
        grid.position_of("t3.nowhere")

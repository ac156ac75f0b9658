"""Comparing datasets in tests: a failure names the dataset, the column and the rows that differ."""
from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal


def assert_same_rows(left: pl.DataFrame, right: pl.DataFrame, what: object) -> None:
    """`left.equals(right)`, exact, with polars' account of the first difference when they are not."""
    try:
        assert_frame_equal(left, right, check_exact=True)
    except AssertionError as exc:
        raise AssertionError(f"{what}: {exc}") from None

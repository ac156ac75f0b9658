"""What every dataset model shares: the partition column and dtype helpers."""
from __future__ import annotations

import polars as pl
import pandera.polars as pa

UTC_TIME = pl.Datetime("us", "UTC")
NAMES = pl.List(pl.String)


class Dataset(pa.DataFrameModel):
    """Base of every dataset model: rows are partitioned by the document's month."""

    month: str = pa.Field(
        str_matches=r"^(\d{4}-\d{2}|unknown)$",
        description="Partition key: `YYYY-MM` of the document's publication time (else its fetch time), "
        "or `unknown`. Written as the hive folder `month=…`.",
    )

    class Config:
        strict = True
        coerce = False


class Spanned(Dataset):
    """Base of datasets whose rows point into an article's title or body."""

    @pa.dataframe_check(description="char_end > char_start")
    def span_is_forward(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("char_end") > pl.col("char_start"))


def polars_schema(model: type[pa.DataFrameModel]) -> pl.Schema:
    """The model's columns as a polars schema: the one place column names and types come from."""
    return pl.Schema({name: col.dtype.type for name, col in model.to_schema().columns.items()})


def empty_frame(model: type[pa.DataFrameModel]) -> pl.DataFrame:
    return pl.DataFrame(schema=polars_schema(model))

"""Loads marsad's exports with the tools analysts use (DuckDB, pandas, pyarrow) and checks
that dates, timestamps and counts arrive typed, with no casts.

Run by crates/marsad/tests/store_cli.rs (`exports_load_typed_in_duckdb_and_pandas`):
    python3 export_tools.py events.parquet events.csv events.geojson
Prints what it checked; exits non-zero on the first mismatch.
"""

import json
import sys

import duckdb
import pandas as pd
import pyarrow.parquet as pq

parquet, csv, geojson = sys.argv[1:4]

# pyarrow: the schema as written
schema = pq.read_schema(parquet)
types = {f.name: str(f.type) for f in schema}
assert types["event_date"] == "date32[day]", types["event_date"]
assert types["timestamp"] == "timestamp[ms, tz=UTC]", types["timestamp"]
for count in ("year", "fatalities", "n_sources", "inter1", "interaction", "iso"):
    assert types[count] == "int64", (count, types[count])
print("pyarrow:", {k: types[k] for k in ("event_date", "timestamp", "fatalities")})

# DuckDB: weekly counts straight from the file
con = duckdb.connect()
weeks = con.execute(
    f"SELECT date_trunc('week', event_date) AS week, count(*) AS events, "
    f"sum(fatalities) AS fatalities FROM '{parquet}' WHERE event_date IS NOT NULL "
    f"GROUP BY 1 ORDER BY 1"
).fetchall()
assert weeks, "no dated events"
described = dict(
    (r[0], r[1]) for r in con.execute(f"DESCRIBE SELECT * FROM '{parquet}'").fetchall()
)
assert described["event_date"] == "DATE", described["event_date"]
assert described["timestamp"].startswith("TIMESTAMP WITH TIME ZONE"), described["timestamp"]
assert described["fatalities"] == "BIGINT", described["fatalities"]
nulls = con.execute(f"SELECT count(*) FROM '{parquet}' WHERE fatalities IS NULL").fetchone()[0]
assert nulls == 0, f"{nulls} rows without fatalities (ACLED writes 0)"
print("duckdb: date_trunc('week', event_date):", weeks[:3])

# pandas: the same numbers from Parquet (arrow types) and from the CSV
df = pd.read_parquet(parquet, dtype_backend="pyarrow")
assert str(df["event_date"].dtype) == "date32[day][pyarrow]", df["event_date"].dtype
assert str(df["fatalities"].dtype) == "int64[pyarrow]", df["fatalities"].dtype
years = df["event_date"].dt.year.dropna()
assert (years == df.loc[years.index, "year"]).all()
by_week = df.dropna(subset=["event_date"]).groupby(
    pd.to_datetime(df["event_date"].dropna()).dt.to_period("W-SUN")
).size()
assert by_week.sum() == sum(w[1] for w in weeks)
fromcsv = pd.read_csv(csv, parse_dates=["event_date"], dtype={"event_id_cnty": str})
assert len(fromcsv) == len(df), (len(fromcsv), len(df))
assert fromcsv["fatalities"].dtype == "int64", fromcsv["fatalities"].dtype
assert list(fromcsv.columns) == list(df.columns)
assert fromcsv["fatalities"].sum() == df["fatalities"].sum()
print("pandas:", len(df), "events,", int(df["fatalities"].sum()), "fatalities")

# GeoJSON: properties in the columns' order
with open(geojson, encoding="utf-8") as f:
    features = json.load(f)["features"]
assert features, "no located events"
assert list(features[0]["properties"]) == list(df.columns)
print("geojson:", len(features), "features, properties in ACLED order")

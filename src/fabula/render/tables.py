"""Query results as a terminal table, JSON records or CSV (for `fabula corpus query`)."""

from __future__ import annotations

import csv
import datetime
import decimal
import json
import math
import re
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table


def _plain(value: Any) -> Any:
    """A JSON-able value. NaN and the infinities, which JSON cannot write, become null (as in JavaScript)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _shown(value: Any) -> str:
    """A cell for the terminal: control characters shown as escapes (\\x1b), never sent to it."""
    text = str(value if isinstance(value, float) else _plain(value))
    return _CONTROLS.sub(lambda m: repr(m.group(0))[1:-1], text)


def print_rows(columns: list[str], rows: list[tuple[Any, ...]], fmt: str, console: Console) -> None:
    if fmt == "json":
        records = [{c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in rows]
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1, allow_nan=False, default=str) + "\n")
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([json.dumps(_plain(v), ensure_ascii=False) if isinstance(v, (list, dict)) else v
                             for v in row])
    elif len(columns) * _MIN_COLUMN > console.width:
        _print_records(columns, rows, console)
    else:
        table = Table(*[escape(_shown(c)) for c in columns], show_lines=False)
        for row in rows:
            table.add_row(*["" if v is None else escape(_shown(v)) for v in row])
        console.print(table)
        console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", style="dim")


# the width a column needs to show anything: with less, ``select * from stories`` (thirty
# columns) drew a grid of empty boxes on an 80-column terminal
_MIN_COLUMN = 10


def _print_records(columns: list[str], rows: list[tuple[Any, ...]], console: Console) -> None:
    """A result too wide for the terminal, one record at a time: each column's name beside its
    value (what psql's expanded display does)."""
    for n, row in enumerate(rows, start=1):
        table = Table(title=f"row {n}", title_justify="left", show_header=False)
        table.add_column("column", style="bold", no_wrap=True)
        table.add_column("value", overflow="fold")
        for c, v in zip(columns, row, strict=True):
            table.add_row(escape(_shown(c)), "" if v is None else escape(_shown(v)))
        console.print(table)
    console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''} ({len(columns)} columns, one record at a time: "
                  "too wide for the terminal)", style="dim")

"""Query results as a terminal table, JSON records or CSV (for `fabula corpus query`)."""

from __future__ import annotations

import csv
import datetime
import decimal
import json
import math
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
    else:
        table = Table(*[escape(c) for c in columns], show_lines=False)
        for row in rows:
            table.add_row(*["" if v is None else escape(str(v if isinstance(v, float) else _plain(v))) for v in row])
        console.print(table)
        console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", style="dim")

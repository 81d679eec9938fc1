"""A report's numbers as one table: what the page shows, what the chart draws and what the CSV
download holds are the same rows."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

KINDS = ("text", "count", "percent", "seconds", "number", "score")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "count"  # one of KINDS: percent is 0-100, score is out of 5


@dataclass
class Chart:
    """How to draw the table: a `kind` of chart with `x` along one axis and `series` as bars or lines."""

    kind: str  # bar, line
    x: str
    series: list[str]
    stacked: bool = False
    horizontal: bool = False
    top: int | None = None  # draw only the first rows (the busiest); the table keeps them all
    palette: str = "categories"  # or "scores": 1 to 5, from not helpful to very helpful


@dataclass
class Table:
    name: str  # used in URLs: /admin/reports/<name>.csv
    title: str
    note: str  # how the numbers are counted, in a sentence or two
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    chart: Chart | None = None

    def csv_text(self) -> str:
        """The rows as CSV, with the column titles as the header; empty cells where there is no figure."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([c.label for c in self.columns])
        for row in self.rows:
            writer.writerow(["" if row.get(c.key) is None else row[c.key] for c in self.columns])
        return out.getvalue()

    def chart_json(self) -> dict | None:
        """Labels and data series for the page's chart script."""
        if self.chart is None:
            return None
        by_key = {c.key: c for c in self.columns}
        rows = self.charted_rows
        return {"kind": self.chart.kind, "stacked": self.chart.stacked, "horizontal": self.chart.horizontal,
                "palette": self.chart.palette, "title": self.title, "labels": [row[self.chart.x] for row in rows],
                "series": [{"label": by_key[k].label, "unit": by_key[k].kind,
                            "data": [row.get(k) for row in rows]} for k in self.chart.series]}

    @property
    def charted_rows(self) -> list[dict]:
        return self.rows[:self.chart.top] if self.chart and self.chart.top else self.rows


def percent(part: int, whole: int) -> float | None:
    """part/whole as a percentage to one decimal place; None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None

"""A side-by-side diff of two rulebooks, as rows a page can lay out in two columns."""
from __future__ import annotations

import difflib
from dataclasses import dataclass

CONTEXT = 3  # unchanged lines shown around each change


@dataclass(frozen=True)
class Row:
    kind: str  # same, changed, removed, added, skipped
    left_no: int | None = None
    left: str = ""
    right_no: int | None = None
    right: str = ""
    skipped: int = 0  # for "skipped": how many unchanged lines are folded away


def side_by_side(old: str, new: str, context: int = CONTEXT) -> list[Row]:
    """The lines of `old` beside those of `new`: changes, with `context` unchanged lines around
    each and the longer unchanged stretches folded. Empty when the texts are the same."""
    a, b = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    if matcher.ratio() == 1.0:
        return []
    rows: list[Row] = []
    shown = 0  # lines of `old` shown (or folded) so far
    for group in matcher.get_grouped_opcodes(context):
        if group[0][1] > shown:
            rows.append(Row("skipped", skipped=group[0][1] - shown))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [Row("same", i + 1, a[i], j + 1, b[j]) for i, j in zip(range(i1, i2), range(j1, j2))]
            elif tag == "delete":
                rows += [Row("removed", i + 1, a[i]) for i in range(i1, i2)]
            elif tag == "insert":
                rows += [Row("added", right_no=j + 1, right=b[j]) for j in range(j1, j2)]
            else:  # replace: pair the lines up; the longer side runs on alone
                for k in range(max(i2 - i1, j2 - j1)):
                    i, j = i1 + k, j1 + k
                    rows.append(Row("changed", i + 1 if i < i2 else None, a[i] if i < i2 else "",
                                    j + 1 if j < j2 else None, b[j] if j < j2 else ""))
        shown = group[-1][2]
    if shown < len(a):
        rows.append(Row("skipped", skipped=len(a) - shown))
    return rows

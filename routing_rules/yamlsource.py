"""Read YAML into plain data while remembering the line each value came from."""
from __future__ import annotations

from dataclasses import dataclass

import yaml

Path = tuple  # keys and indexes from the document root


@dataclass(frozen=True)
class SourceProblem:
    """A problem found while reading a source file, with its 1-based line."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class LocatedData:
    """Parsed YAML data and a map from each value's path to its line number."""

    def __init__(self, data, lines: dict[Path, int]):
        self.data = data
        self.lines = lines

    def line_of(self, path: Path) -> int:
        """The line of the value at `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


def load_located(text: str, filename: str) -> tuple[LocatedData | None, list[SourceProblem]]:
    """Parse `text`; return the data with line numbers, or the problems that stopped parsing."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return None, [SourceProblem(filename, line, f"not valid YAML: {exc.problem or exc.context}")]
    except yaml.YAMLError as exc:
        return None, [SourceProblem(filename, 1, f"not valid YAML: {exc}")]
    finally:
        loader.dispose()
    if node is None:
        return None, [SourceProblem(filename, 1, "the file is empty")]
    lines: dict[Path, int] = {}
    problems: list[SourceProblem] = []
    constructor = yaml.SafeLoader("")

    def build(n: yaml.Node, path: Path):
        lines.setdefault(path, n.start_mark.line + 1)
        if isinstance(n, yaml.MappingNode):
            out = {}
            for key_node, value_node in n.value:
                key = constructor.construct_object(key_node)
                if key in out:
                    problems.append(SourceProblem(filename, key_node.start_mark.line + 1,
                                                  f"'{key}' appears twice here"))
                    continue
                lines[path + (key,)] = key_node.start_mark.line + 1
                out[key] = build(value_node, path + (key,))
            return out
        if isinstance(n, yaml.SequenceNode):
            return [build(v, path + (i,)) for i, v in enumerate(n.value)]
        try:
            return constructor.construct_object(n)
        except yaml.YAMLError as exc:
            problems.append(SourceProblem(filename, n.start_mark.line + 1, f"bad value: {exc}"))
            return None

    data = build(node, ())
    return (LocatedData(data, lines) if not problems else None), problems

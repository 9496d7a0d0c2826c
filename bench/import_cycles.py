"""Import cycles among the modules of bot/ and handlers/: every import counts, at the top of a module
or inside a function, but `if TYPE_CHECKING:` ones (annotations, never run). Prints each cycle (a
group of modules that import each other, directly or not) and exits 1 when there is any.

Run with `python bench/import_cycles.py`; `make lint` runs it. grimp (import-linter's graph of the
imports) reads the source: nothing is imported or run.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

import grimp

PACKAGES = ("bot", "handlers")


def import_graph() -> dict[str, set[str]]:
    """Module -> the project's modules it imports, anywhere in its source."""
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)
    return {module: set(graph.find_modules_directly_imported_by(module)) for module in graph.modules}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (or one that imports itself), each
    sorted, found by Tarjan's algorithm without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterable[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, targets = work[-1]
            target = next(iter(targets), None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph.get(target, ())))))
                elif target in on_stack:
                    low[module] = min(low[module], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1 or module in graph.get(module, ()):
                    found.append(sorted(group))
    return sorted(found)


def main() -> int:
    graph = import_graph()
    found = cycles(graph)
    imports = sum(len(targets) for targets in graph.values())
    print(f"{len(graph)} modules of {' and '.join(PACKAGES)}, {imports} imports: {len(found)} import cycles")
    for group in found:
        print(f"  cycle of {len(group)}: {', '.join(group)}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

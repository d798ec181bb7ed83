"""Mutation testing: how many small bugs put into a module do its fast unit tests catch?

Each mutant is one change to one module's source (a comparison flipped, + for -, * for /, a number moved
by one, a return value replaced by None, a condition negated, `and` for `or`, a statement deleted). The
tree is copied to a temporary folder first and only the copy is changed, so the working tree is never
touched, even when the run is interrupted. For every mutant the tests mapped to its module run with
`-x` and a time limit: a failing (or hanging) run kills the mutant, a passing one lets it survive.

    python scripts/mutate.py                      # every module in MODULES, 40 mutants each
    python scripts/mutate.py lib/numbers.py -n 0  # every mutant of one module
    python scripts/mutate.py --seed 7 --timeout 60

It prints killed/survived per module, the total score and each survivor's diff.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Module -> the fast unit tests that exercise it (globs; a glob matching nothing is skipped).
MODULES: dict[str, list[str]] = {
    "lib/advice/route.py": ["tests/test_pins_route.py", "tests/test_report.py", "tests/test_advice.py",
                            "tests/test_comparison.py"],
    "lib/advice/rules.py": ["tests/test_pins_rules.py", "tests/test_decision.py", "tests/test_report.py"],
    "lib/advice/facts.py": ["tests/test_pins_facts.py", "tests/test_decision.py", "tests/test_advice.py"],
    "lib/advice/conditions.py": ["tests/test_pins_rules.py", "tests/test_decision.py"],
    "lib/costs/money.py": ["tests/test_pins_money.py", "tests/test_costs.py", "tests/test_advice.py",
                           "tests/test_comparison.py"],
    "lib/dataset/validation.py": ["tests/dataset/test_pins_validation.py", "tests/dataset/test_validation.py"],
    "lib/dataset/tokens.py": ["tests/dataset/test_pins_tokens.py", "tests/dataset/test_tokens.py",
                              "tests/dataset/test_analysis.py"],
    "lib/selfhost/memory.py": ["tests/test_pins_memory.py", "tests/test_memory.py",
                               "tests/test_memory_calibration.py", "tests/test_self_hosted.py"],
    "lib/numbers.py": ["tests/test_pins_numbers.py", "tests/test_numbers.py"],
    "lib/costs/capacity.py": ["tests/test_serving_costs.py", "tests/test_comparison.py", "tests/test_advice.py"],
    "lib/costs/baseline.py": ["tests/test_serving_costs.py", "tests/test_comparison.py", "tests/test_advice.py"],
    "lib/costs/fine_tuned.py": ["tests/test_serving_costs.py", "tests/test_comparison.py", "tests/test_advice.py"],
    "lib/costs/extras.py": ["tests/test_serving_costs.py", "tests/test_comparison.py", "tests/test_advice.py"],
    "lib/costs/comparison.py": ["tests/test_serving_costs.py", "tests/test_comparison.py", "tests/test_advice.py"],
}

_FLIP_COMPARE: dict[type, list[type]] = {
    ast.Lt: [ast.LtE, ast.Gt], ast.LtE: [ast.Lt, ast.GtE], ast.Gt: [ast.GtE, ast.Lt], ast.GtE: [ast.Gt, ast.LtE],
    ast.Eq: [ast.NotEq], ast.NotEq: [ast.Eq], ast.In: [ast.NotIn], ast.NotIn: [ast.In],
    ast.Is: [ast.IsNot], ast.IsNot: [ast.Is],
}
_SWAP_BINOP: dict[type, type] = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
                                 ast.FloorDiv: ast.Mult, ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult}


@dataclass(frozen=True)
class Mutant:
    path: str
    line: int
    kind: str
    source: str  # the whole mutated module


def _skipped_nodes(tree: ast.AST) -> set[int]:
    """Nodes never mutated: docstrings, annotations (strings under `from __future__ import annotations`)
    and anything inside an f-string (Python 3.11 gives no reliable positions there)."""
    skip: set[int] = set()

    def mark(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(child) for child in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            mark(node)
        if isinstance(node, ast.arg | ast.AnnAssign):
            mark(node.annotation)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            mark(node.returns)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                mark(first)
    return skip


class _Source:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def span(self, node: ast.AST) -> tuple[int, int]:
        return (self.starts[node.lineno - 1] + _col(self.lines[node.lineno - 1], node.col_offset),
                self.starts[node.end_lineno - 1] + _col(self.lines[node.end_lineno - 1], node.end_col_offset))

    def segment(self, node: ast.AST) -> str:
        start, end = self.span(node)
        return self.text[start:end]

    def replace(self, node: ast.AST, text: str) -> str:
        start, end = self.span(node)
        return self.text[:start] + text + self.text[end:]


def _col(line: str, byte_offset: int) -> int:
    """AST column offsets count UTF-8 bytes; strings index characters."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


def _edits(node: ast.AST, source: _Source) -> list[tuple[str, str]]:
    """(kind, replacement text for the node's span) for every mutation of this one node."""
    edits: list[tuple[str, str]] = []
    if isinstance(node, ast.Compare):
        for index, op in enumerate(node.ops):
            for new in _FLIP_COMPARE.get(type(op), []):
                ops = list(node.ops)
                ops[index] = new()
                copy = ast.Compare(node.left, ops, node.comparators)
                edits.append((f"{type(op).__name__}->{new.__name__}", f"({ast.unparse(copy)})"))
    elif isinstance(node, ast.BinOp) and type(node.op) in _SWAP_BINOP:
        new = _SWAP_BINOP[type(node.op)]
        if not (isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)):  # "%" formatting
            edits.append((f"{type(node.op).__name__}->{new.__name__}",
                          f"({ast.unparse(ast.BinOp(node.left, new(), node.right))})"))
    elif isinstance(node, ast.BoolOp):
        new_op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        edits.append((f"{type(node.op).__name__}->{type(new_op).__name__}",
                      f"({ast.unparse(ast.BoolOp(new_op, node.values))})"))
    elif isinstance(node, ast.Constant) and type(node.value) in (int, float):
        for delta in (1, -1):
            edits.append((f"constant{delta:+d}", f"({node.value + delta!r})"))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        edits.append(("drop not", f"({source.segment(node.operand)})"))
    return edits


def _statement_edits(node: ast.stmt, source: _Source) -> list[tuple[ast.AST, str, str]]:
    edits: list[tuple[ast.AST, str, str]] = []
    if isinstance(node, ast.If | ast.While | ast.Assert):
        edits.append((node.test, "negate condition", f"not ({source.segment(node.test)})"))
    if isinstance(node, ast.Return) and node.value is not None \
            and not (isinstance(node.value, ast.Constant) and node.value.value is None):
        edits.append((node.value, "return None", "None"))
    if isinstance(node, ast.Expr | ast.Assign | ast.AugAssign | ast.Raise | ast.If | ast.For
                  | ast.AnnAssign) and not (isinstance(node, ast.AnnAssign) and node.value is None):
        edits.append((node, "delete statement", "pass"))
    if isinstance(node, ast.AugAssign) and type(node.op) in _SWAP_BINOP:
        new = _SWAP_BINOP[type(node.op)]
        edits.append((node, f"{type(node.op).__name__}= -> {new.__name__}=",
                      ast.unparse(ast.AugAssign(node.target, new(), node.value))))
    return edits


def mutants_of(path: str, text: str) -> list[Mutant]:
    tree = ast.parse(text)
    source = _Source(text)
    skip = _skipped_nodes(tree)
    found: list[Mutant] = []
    seen: set[str] = {text}
    for node in ast.walk(tree):
        if id(node) in skip or not hasattr(node, "lineno"):
            continue
        targets: list[tuple[ast.AST, str, str]] = [(node, kind, new) for kind, new in _edits(node, source)]
        if isinstance(node, ast.IfExp):
            targets.append((node.test, "negate condition", f"(not ({source.segment(node.test)}))"))
        if isinstance(node, ast.stmt):
            targets += _statement_edits(node, source)
        for target, kind, new in targets:
            mutated = source.replace(target, new)
            try:
                compile(mutated, path, "exec")
            except SyntaxError:
                continue
            if mutated not in seen:
                seen.add(mutated)
                found.append(Mutant(path, target.lineno, kind, mutated))
    return found


def _copy_tree(destination: Path) -> None:
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)


def _tests_for(module: str, tree: Path) -> list[str]:
    return [pattern for pattern in MODULES.get(module, []) if (tree / pattern).exists()]


def _run_tests(tree: Path, tests: list[str], timeout: float) -> str:
    """'passed', 'failed' or 'timeout'."""
    env = {**os.environ, "HYPOTHESIS_PROFILE": "ci", "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", "not browser",
               "--no-header", "-o", "addopts=", *tests]
    try:
        done = subprocess.run(command, cwd=tree, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout"
    return "passed" if done.returncode == 0 else "failed"


def _diff(original: str, mutant: Mutant) -> str:
    lines = difflib.unified_diff(original.splitlines(keepends=True), mutant.source.splitlines(keepends=True), n=0)
    return f"  survivor {mutant.path}:{mutant.line} ({mutant.kind})\n" + "".join(list(lines)[2:])[:2000].rstrip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="modules to mutate (default: every module in MODULES)")
    parser.add_argument("-n", "--per-module", type=int, default=40, help="mutants sampled per module (0: all)")
    parser.add_argument("--seed", default="1", help="seed of the sample")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per mutant before it counts as killed")
    parser.add_argument("--no-diffs", action="store_true", help="do not print the survivors' diffs")
    args = parser.parse_args()
    modules = args.modules or list(MODULES)
    totals = [0, 0]
    survivors: list[Mutant] = []
    with tempfile.TemporaryDirectory(prefix="mutants-") as folder:
        tree = Path(folder)
        _copy_tree(tree)
        for module in modules:
            tests = _tests_for(module, tree)
            original = (tree / module).read_text(encoding="utf-8")
            if not tests:
                print(f"{module}: no tests mapped; skipped")
                continue
            if _run_tests(tree, tests, args.timeout) != "passed":
                print(f"{module}: its tests fail on the unchanged code; skipped")
                continue
            candidates = mutants_of(module, original)
            random.Random(f"{args.seed}:{module}").shuffle(candidates)
            sample = candidates[: args.per_module] if args.per_module else candidates
            killed, started, survived_before = 0, time.monotonic(), len(survivors)
            try:
                for mutant in sample:
                    (tree / module).write_text(mutant.source, encoding="utf-8")
                    if _run_tests(tree, tests, args.timeout) == "passed":
                        survivors.append(mutant)
                    else:
                        killed += 1
            finally:
                (tree / module).write_text(original, encoding="utf-8")
            totals[0] += killed
            totals[1] += len(sample)
            print(f"{module}: {killed}/{len(sample)} killed, {len(sample) - killed} survived "
                  f"(of {len(candidates)} mutants; {time.monotonic() - started:.0f} s)", flush=True)
            if not args.no_diffs:
                for mutant in survivors[survived_before:]:
                    print(_diff(original, mutant), flush=True)
    score = 100 * totals[0] / totals[1] if totals[1] else 0.0
    print(f"TOTAL: {totals[0]}/{totals[1]} killed: mutation score {score:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())

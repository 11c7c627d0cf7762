"""How many facts the offline reader gets right on the evaluation set, field by field.

    .venv/bin/python bench/facts.py [--failures] [--cases PATH]

Reads tests/facts/cases.toml and tests/facts/holdout.toml (or only PATH with --cases), runs
the reader on every description and prints, per field (name, kind, area, phones, whatsapp,
mode, features, notes, price↔item pairs, hours days), the share right for each file side by
side, and the overall share. --failures lists every wrong field: case id, field, expected,
got. Targets: at least 98 % of all fields, 100 % of names and of price↔item pairs.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

# Run as a script from the checkout's root: make `tests.facts` importable.
sys.path[:] = [p for p in sys.path if not p.rstrip("/").endswith("bench")]
sys.path.append(str(Path(__file__).resolve().parent.parent))

from tests.facts.scoring import (
    CASES_PATH,
    FIELDS,
    HOLDOUT_PATH,
    CaseResult,
    accuracy,
    load_cases,
    score_cases,
)

_LABELS = {
    "name": "name",
    "kind": "kind",
    "area": "area",
    "phones": "phones",
    "whatsapp": "whatsapp",
    "mode": "mode",
    "features": "features",
    "notes": "notes (each fragment)",
    "items": "price↔item pairs",
    "hours": "hours (each day)",
    "overall": "overall",
}
_TARGETS = {"overall": "target ≥ 98 %", "name": "target 100 %", "items": "target 100 %"}


def _cell(right: int, total: int) -> str:
    if not total:
        return f"{'-':>18}"
    return f"{100 * right / total:>7.1f} % {right:>4}/{total:<4}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list every wrong field")
    parser.add_argument("--cases", type=Path, help="score only this TOML file")
    options = parser.parse_args()
    files = [options.cases] if options.cases else [CASES_PATH, HOLDOUT_PATH]
    files = [path for path in files if path.exists()]

    runs: list[tuple[str, list[CaseResult]]] = []
    started = time.perf_counter()
    for path in files:
        runs.append((path.name, score_cases(load_cases(path))))
    elapsed = time.perf_counter() - started

    counts = [accuracy(results) for _, results in runs]
    print("Bina offline reader: facts right, per field")
    print(
        "  ".join(f"{name}: {len(results)} cases" for name, results in runs)
        + f"  ({elapsed:.1f} s)\n"
    )
    print(f"{'field':<24}" + "".join(f"{name:>20}" for name, _ in runs))
    for group in (*FIELDS, "overall"):
        if group == "overall":
            print("-" * (24 + 20 * len(runs)))
        cells = "".join(f"  {_cell(*count[group])}" for count in counts)
        print(f"{_LABELS[group]:<24}{cells}  {_TARGETS.get(group, '')}".rstrip())
    print(
        "\ncases entirely right: "
        + "  ".join(f"{name} {sum(r.ok for r in results)}/{len(results)}" for name, results in runs)
    )
    errors = [(name, r) for name, results in runs for r in results if r.error]
    for name, result in errors:
        print(f"reader error in {name} {result.case.id}: {result.error}")

    if options.failures:
        for name, results in runs:
            print(f"\nwrong fields in {name}:")
            for result in results:
                for wrong in result.wrong:
                    print(
                        f"  {result.case.id:<34} {wrong.label:<30} "
                        f"expected {wrong.expected!r}  got {wrong.got!r}"
                    )


if __name__ == "__main__":
    main()

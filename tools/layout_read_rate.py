"""Measure how exactly the checker reads reports laid out the ways real drafters lay them out.

    python tools/layout_read_rate.py [N] [SEED]

Builds N clean reports in random layouts (make_samples.layout_spec), checks each, and prints the
share of figures read exactly and the reports that got any error (there should be none).
"""

from __future__ import annotations

import random
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_samples as ms  # noqa: E402

from govinfo_check.checker import check_file  # noqa: E402
from govinfo_check.engine import load_rules  # noqa: E402


def main(n: int = 200, seed: int = 7) -> int:
    rng = random.Random(seed)
    rules = load_rules()
    figures = exact = 0
    with_errors: list[tuple[str, list[str]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            spec = ms.layout_spec(i, rng)
            built = ms.build_report(spec)
            path = Path(tmp) / spec.name
            path.write_bytes(built.data)
            result = check_file(path, rules)
            report = result.report
            for key, want in built.expected["fields"].items():
                if want is None:
                    continue
                figures += 1
                fig = report.figures.get(key) if report is not None else None
                if fig is not None and fig.value.as_number == Decimal(str(want)):
                    exact += 1
            errors = [f.code for f in result.findings if f.severity == "error"]
            if errors:
                with_errors.append((f"{spec.name} {ms.random_layout.__name__}:{spec.t3_layout}/{spec.t3_header}/"
                                    f"{spec.t2_layout}/{spec.t4_layout}/{spec.title_mode} {spec.styles}", errors))
    print(f"reports: {n}; figures read exactly: {exact}/{figures} = {100 * exact / max(figures, 1):.2f}%; "
          f"reports with an error: {len(with_errors)}")
    for name, codes in with_errors[:20]:
        print("  ", name, codes)
    return 1 if with_errors or exact != figures else 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:3])))

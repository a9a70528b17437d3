"""Run every tests/bench/bench_*.py module's main(), in name order."""

import importlib
import pkgutil
import sys
from pathlib import Path

from tests.bench import reference


def main() -> int:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    only = set(sys.argv[1:])
    for name in names:
        if only and name not in only:
            continue
        print(f"=== {name} ===", flush=True)
        reference.report("before")
        importlib.import_module(f"tests.bench.{name}").main()
        reference.report("after")
    return 0


if __name__ == "__main__":
    sys.exit(main())

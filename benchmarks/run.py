"""`make bench`: build data in PostgreSQL, run each benchmark side by side, print a table and
write benchmarks/results.json. Needs DATABASE_URL pointing at PostgreSQL; it works in its own
database (`<name>_bench`), created fresh each run, so it never touches the real one."""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.json"

# Each module exposes run() -> Result | list[Result]. Order: cheap first.
BENCHMARKS = [
    "benchmarks.bench_transition",
    "benchmarks.bench_naive_stack",
    "benchmarks.bench_concurrency",
    "benchmarks.bench_sweep",
    "benchmarks.bench_inbox",
    "benchmarks.bench_report",
    "benchmarks.bench_search",
    "benchmarks.bench_audit_verify",
    "benchmarks.bench_api_intake",
]


def _bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("make bench needs DATABASE_URL=postgresql://... (the targets are about PostgreSQL)")
    base, _, name = url.rpartition("/")
    return f"{base}/{name.split('?')[0]}_bench"


def _recreate(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> int:
    began_all = time.monotonic()
    url = _bench_database_url()
    _recreate(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    only = set(os.environ.get("BENCH_ONLY", "").split(",")) - {""}
    results = []
    elapsed: dict[str, float] = {}  # seconds per module, data building included
    broken: list[str] = []  # modules that raised: reported, and make bench fails
    started = time.monotonic()
    for dotted in BENCHMARKS:
        if only and dotted.rsplit(".", 1)[1].removeprefix("bench_") not in only:
            continue
        try:
            module = import_module(dotted)
        except ModuleNotFoundError as exc:
            print(f"{dotted}: not available ({exc})")
            continue
        print(f"… {dotted}", flush=True)
        began = time.monotonic()
        try:
            out = module.run()
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            traceback.print_exc()
            broken.append(dotted)
            continue
        finally:
            elapsed[dotted] = time.monotonic() - began
            print(f"  {elapsed[dotted]:.0f} s", flush=True)
        results.extend(out if isinstance(out, list) else [out])
    RESULTS.write_text(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2) + "\n")
    print()
    print(table(results))
    print("\n" + ", ".join(f"{name.rsplit('.', 1)[1]} {s:.0f} s" for name, s in elapsed.items()))
    print(
        f"{len(results)} benchmarks in {time.monotonic() - started:.0f} s "
        f"(with database set-up {time.monotonic() - began_all:.0f} s) → {RESULTS.relative_to(ROOT)}"
    )
    if broken:
        print("Không chạy được (xem lỗi ở trên): " + ", ".join(broken), file=sys.stderr)
        return 1
    return 0


def table(results) -> str:
    lines = ["| name | ratio | target | met | ours (s) | reference (s) | spread |", "|---|---|---|---|---|---|---|"]
    for r in results:
        if r.ratio is None:  # a count, not a ratio: show what was counted
            counted = ", ".join(f"{k}={v}" for k, v in r.detail.items() if not isinstance(v, list))
            lines.append(f"| `{r.name}` | {counted} | {r.target} | {'yes' if r.met else '**no**'} | | | |")
            continue
        lines.append(
            f"| `{r.name}` | {r.ratio} | {r.target} | {'yes' if r.met else '**no**'} | {r.ours_median} | "
            f"{r.reference_median} | {r.spread} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

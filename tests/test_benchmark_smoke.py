"""The benchmark (benchmarks/benchmark.py) runs end to end on a small synthetic catalogue."""

from __future__ import annotations

import subprocess
import sys

from helpers import ROOT


def test_benchmark_smoke() -> None:
    run = subprocess.run([sys.executable, "benchmarks/benchmark.py", "--smoke"], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "| claims | check s | generate s | mkdocs build s | baseline s | ratio |" in run.stdout, run.stdout
    assert any(line.startswith("| 20 |") for line in run.stdout.splitlines()), run.stdout

"""benchmarks/profile_build.py names the build's private phases: it must still find them."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_profile_build_reports_every_phase():
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "profile_build.py"), "--reports", "9"],
                         capture_output=True, text=True, timeout=300, check=True)
    seconds = {line.rsplit(None, 1)[0].strip(): float(line.rsplit(None, 1)[1]) for line in run.stdout.splitlines()}
    assert {"import (interpreter start included)", "workers (read, analyse, part files)",
            "outputs (all tasks)", "total", "duckdb", "frame sentences"} <= set(seconds)
    assert all(value >= 0 for value in seconds.values())
    tasks = sum(value for name, value in seconds.items() if name not in (
        "import (interpreter start included)", "workers (read, analyse, part files)", "outputs (all tasks)", "total"))
    # the output tasks are inside the outputs phase, and the phases inside the total
    assert tasks <= seconds["outputs (all tasks)"] + 0.05
    assert seconds["workers (read, analyse, part files)"] > 0
    assert (seconds["import (interpreter start included)"] + seconds["workers (read, analyse, part files)"]
            + seconds["outputs (all tasks)"]) <= seconds["total"] + 0.05

"""The monkey test: thousands of random editor gestures on the real window, in a child.

The driver (tests/monkey_driver.py) runs as a separate process, so a crash fails this
test with the last gestures and the Python stack instead of killing pytest. Each run
takes a new seed unless CURATOR_MONKEY_SEED is set; a failure prints the seed and the
command that replays it. CURATOR_MONKEY_STEPS sets the number of gestures (default
2,000; more on demand, e.g. 20000 before a release).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS = int(os.environ.get("CURATOR_MONKEY_STEPS", "2000"))
CHECK_EVERY = 20  # steps between checks of the window and the library


def _seed() -> int:
    chosen = os.environ.get("CURATOR_MONKEY_SEED")
    return int(chosen) if chosen else random.SystemRandom().randrange(1, 10**9)


def test_random_editor_gestures_never_crash_the_window_or_break_the_library(tmp_path: Path) -> None:
    seed = _seed()
    print(f"monkey seed {seed}, {STEPS} steps")
    replay = (
        f"CURATOR_MONKEY_SEED={seed} CURATOR_MONKEY_STEPS={STEPS} "
        "python -m pytest tests/test_monkey.py -q"
    )
    command = [sys.executable, "-m", "tests.monkey_driver", "--seed", str(seed),
               "--steps", str(STEPS), "--check-every", str(CHECK_EVERY), str(tmp_path)]  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    try:
        child = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=max(600, STEPS // 2),
        )  # fmt: skip
    except subprocess.TimeoutExpired as expired:
        output = expired.stdout.decode() if isinstance(expired.stdout, bytes) else expired.stdout
        tail = "\n".join((output or "").splitlines()[-30:])
        raise AssertionError(
            f"seed {seed}: the window stopped responding\n{tail}\n{replay}"
        ) from None
    tail = "\n".join(child.stdout.splitlines()[-40:])
    assert child.returncode == 0, (
        f"seed {seed}: the monkey run ended with code {child.returncode} "
        f"(2: an invariant broke; negative: the process crashed)\n"
        f"--- last gestures ---\n{tail}\n--- stderr ---\n{child.stderr[-4000:]}\n"
        f"replay: {replay}"
    )
    assert f"DONE {STEPS} steps" in child.stdout, f"seed {seed}: incomplete run\n{tail}\n{replay}"

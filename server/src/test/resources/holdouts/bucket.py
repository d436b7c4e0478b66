"""The holdout side of a unit (spec/README.md, "Holdouts"), from the spec's own Python reference
(spec/tools/generate.py, which writes the vectors; no SDK or server code): bucket("holdout:" + key + ":" + unit)
< floor(percent * 100 + 0.5)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "..", "spec", "tools"))
from generate import bucket  # noqa: E402


def in_holdout(key: str, percent: float, unit: str) -> bool:
    return bucket("holdout:" + key + ":" + unit) < int(percent * 100 + 0.5)

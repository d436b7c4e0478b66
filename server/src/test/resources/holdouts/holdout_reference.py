"""Reference figures of HoldoutEndToEndIT, computed without Moments code (SciPy; the sides from bucket.py).

The test assigns units e2e-0 .. e2e-599 to moment fmot.e2e-hero under holdout e2e-holdout (20 %), then sends
for unit i: signup when i % 10 < (2 if held out else 3), first_purchase when i % 10 == 0. The holdout report
compares side "exposed" (treatment) with side "holdout" (control): a fixed-horizon Welch t test on each rate,
relative lift by the delta method (as gbstats), and the sample ratio by a chi-square test against 20/80.

Run: python3 holdout_reference.py
"""
import json
import math
import os
import sys

from scipy import stats

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bucket import in_holdout  # noqa: E402

KEY, PERCENT, UNITS = "e2e-holdout", 20, 600


def side_counts():
    sides = {"holdout": [0, 0, 0], "exposed": [0, 0, 0]}  # units, signup, first_purchase
    for i in range(UNITS):
        held = in_holdout(KEY, PERCENT, "e2e-%d" % i)
        s = sides["holdout" if held else "exposed"]
        s[0] += 1
        s[1] += 1 if i % 10 < (2 if held else 3) else 0
        s[2] += 1 if i % 10 == 0 else 0
    return sides


def compare(nc, xc, nt, xt, alpha=0.05):
    pc, pt = xc / nc, xt / nt
    vc, vt = pc * (1 - pc), pt * (1 - pt)
    se_rel = math.sqrt(vt / (pc * pc * nt) + vc * pt * pt / pc ** 4 / nc)
    a, b = vc / nc, vt / nt
    df = (a + b) ** 2 / (a * a / (nc - 1) + b * b / (nt - 1))
    rel = (pt - pc) / pc
    half = stats.t.ppf(1 - alpha / 2, df) * se_rel
    p = min(1.0, 2 * stats.t.cdf(-abs(rel / se_rel), df))
    return {"rateControl": pc, "rateTreatment": pt, "relativeLift": rel,
            "ciLow": max(-1.0, rel - half), "ciHigh": rel + half, "pValue": p}


if __name__ == "__main__":
    s = side_counts()
    n = s["holdout"][0] + s["exposed"][0]
    srm = stats.chisquare([s["holdout"][0], s["exposed"][0]], [n * PERCENT / 100, n * (100 - PERCENT) / 100])
    print(json.dumps({
        "units": {"holdout": s["holdout"][0], "exposed": s["exposed"][0]},
        "srmPValue": srm.pvalue,
        "signup": compare(s["holdout"][0], s["holdout"][1], s["exposed"][0], s["exposed"][1]),
        "first_purchase": compare(s["holdout"][0], s["holdout"][2], s["exposed"][0], s["exposed"][2]),
    }, indent=1))

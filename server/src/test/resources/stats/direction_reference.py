"""Reference values for metrics with a direction (issue 15 item 2): the bounce example of the issue, a
rate falling from 41 % to 36 % on 1,000 units per arm, read by the fixed-horizon test (relative lift,
delta-method variance, Welch df, as lift_reference.py) and the chance of being better when lower is
better (norm.cdf(-lift / se)). Run: python3 direction_reference.py > direction_reference.py.out"""
import numpy as np
from scipy.stats import norm, t


def binomial(tag, nc, xc, nt, xt, alpha=0.05):
    mc, mt = xc / nc, xt / nt
    vc, vt = mc * (1 - mc), mt * (1 - mt)
    se = np.sqrt(vt / (mc ** 2 * nt) + vc * mt ** 2 / (mc ** 4 * nc))
    df = (vt / nt + vc / nc) ** 2 / (vt ** 2 / (nt ** 2 * (nt - 1)) + vc ** 2 / (nc ** 2 * (nc - 1)))
    rel = (mt - mc) / mc
    q = t.ppf(1 - alpha / 2, df)
    p = 2 * t.sf(abs(rel / se), df)
    higher, lower = norm.cdf(rel / se), norm.cdf(-rel / se)
    print(tag, nc, xc, nt, xt, " ".join("%.12g" % v for v in [rel, rel - q * se, rel + q * se, p, higher, lower]))


print("# tag nC convC nT convT relLift relLow relHigh relP chanceHigher chanceLower")
binomial("bounce-41-36", 1000, 410, 1000, 360)
binomial("refund-3-9", 3000, 90, 3000, 270)
binomial("engaged-60-52", 3000, 1800, 3000, 1560)

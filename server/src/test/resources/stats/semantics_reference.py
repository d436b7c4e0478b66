"""Reference values for ReportSemanticsIT (issue 15): a 10/90 experiment, 200 control and 1,800 bold
units, fixed-horizon test (relative lift, delta-method variance, Welch df, as lift_reference.py), chance
to be better in the metric's direction (norm.cdf(+-lift / se)). time_on_page is a mean metric capped at
1,800 s per unit: control units 20 s and 40 s alternately, bold units 40 s each except one with 5,000 s (counted 1,800).
Units needed: R power.prop.test(p1 = 0.1, p2 = 0.11, power = 0.8)$n = 14750.79 per arm, so 14,751 / 0.1
= 147,510 visitors for the 10 % arm. Run: python3 semantics_reference.py > semantics_reference.py.out"""
import numpy as np
from scipy.stats import norm, t


def compare(tag, control, treatment, direction, alpha=0.05):
    (nc, mc, vc), (nt, mt, vt) = control, treatment
    se = np.sqrt(vt / (mc ** 2 * nt) + vc * mt ** 2 / (mc ** 4 * nc))
    df = (vt / nt + vc / nc) ** 2 / (vt ** 2 / (nt ** 2 * (nt - 1)) + vc ** 2 / (nc ** 2 * (nc - 1)))
    rel = (mt - mc) / mc
    p = 2 * t.sf(abs(rel / se), df)
    better = norm.cdf(rel / se) if direction == "increase" else norm.cdf(-rel / se)
    print(tag, " ".join("%.12g" % v for v in [mc, mt, rel, p, better]))


def rate(n, x):
    m = x / n
    return n, m, m * (1 - m)


def values(xs):
    xs = np.asarray(xs, dtype=float)
    return len(xs), xs.mean(), xs.var(ddof=1)


print("# tag controlMean boldMean relativeLift pValue chanceToBeat")
compare("signup", rate(200, 20), rate(1800, 270), "increase")
compare("engaged", rate(200, 100), rate(1800, 540), "increase")
compare("refund", rate(200, 30), rate(1800, 90), "decrease")
compare("time_on_page", values([20, 40] * 100), values([40] * 1799 + [min(5000, 1800)]), "increase")

"""Reference for RatioReportIT: unit-level data of a revenue-per-order experiment and the report's figures computed
from the units alone. Run: python3 ratio_report_reference.py > ratio_report_reference.py.out (NumPy, SciPy).

Prints one line per unit, `unit <arm C|T> <revenue of each order, cents>` (no values: no order), then
  expect <arm> ratio <Σrevenue / Σorders>
  expect relative <lift> <ci_low> <ci_high> <p>      absolute likewise: the fixed test at alpha 0.05
Each arm's ratio of means has the delta-method variance g Σ gᵀ / n with g = (1/μ_b, -μ_a/μ_b²) and Σ = np.cov of the
units' (revenue, orders) (ddof 1); the relative lift R_T/R_C - 1 takes the gradient in all four means with the
block-diagonal covariance of the two arms' mean vectors; Welch's df from the two arms' ratio variances; t interval
and two-sided p (scipy.stats.t). The Java side sums the same units event by event through the server's fold.
"""
import numpy as np
from scipy import stats

rng = np.random.default_rng(42)


def arm(n, scale):
    orders = rng.poisson(1.2, n)
    return [np.round(rng.gamma(2.0, scale, k) * 100).astype(int) for k in orders]


def sums(units):
    a = np.array([u.sum() / 100 for u in units])
    b = np.array([float(len(u)) for u in units])
    return a, b


def mean_cov(a, b):
    return np.array([a.mean(), b.mean()]), np.cov(np.vstack([a, b]), ddof=1) / len(a)


control, treatment = arm(260, 20.0), arm(240, 23.0)
for name, units in (("C", control), ("T", treatment)):
    for u in units:
        print(" ".join(["unit", name] + [str(c) for c in u]))
(ca, cb), (ta, tb) = sums(control), sums(treatment)
mc, sc = mean_cov(ca, cb)
mt, st = mean_cov(ta, tb)
rc, rt = mc[0] / mc[1], mt[0] / mt[1]


def arm_var(m, s):
    g = np.array([1 / m[1], -m[0] / m[1] ** 2])
    return g @ s @ g


vc, vt = arm_var(mc, sc), arm_var(mt, st)
grad = np.array([-rt / rc / mc[0], rt / rc / mc[1], 1 / mt[1] / rc, -mt[0] / mt[1] ** 2 / rc])
cov = np.zeros((4, 4))
cov[:2, :2], cov[2:, 2:] = sc, st
rel_se = np.sqrt(grad @ cov @ grad)
abs_se = np.sqrt(vc + vt)
df = (vc + vt) ** 2 / (vc ** 2 / (len(ca) - 1) + vt ** 2 / (len(ta) - 1))
q = stats.t.ppf(0.975, df)
print("expect C ratio %.12g" % rc)
print("expect T ratio %.12g" % rt)
for label, est, se in (("relative", rt / rc - 1, rel_se), ("absolute", rt - rc, abs_se)):
    p = 2 * stats.t.cdf(-abs(est / se), df)
    print("expect %s %.12g %.12g %.12g %.12g" % (label, est, est - q * se, est + q * se, p))

"""Reference values for RatioEstimatorTest. Run: python3 ratio_reference.py > ratio_reference.py.out (NumPy, SciPy).

Each case generates unit-level (numerator, denominator) pairs for a control arm C and a treatment arm T and prints
  sums <case> <arm> <day 1: n Σa Σb Σa² Σb² Σab> | <day 2: ...>   (first and second half of the arm's units)
  ratio <case> R_C se_C R_T se_T relative <lift se ci_low ci_high p> absolute <diff se ci_low ci_high p> df <df>
computed from the units, not from the Java formulas: each arm's ratio-of-means variance is g Σ gᵀ / n with
g = (1/μ_b, -μ_a/μ_b²) and Σ = np.cov of the units (ddof 1); the relative lift R_T/R_C - 1 uses the gradient of
(μa_T/μb_T)/(μa_C/μb_C) in all four means with the block-diagonal covariance of the two arms' mean vectors;
Welch's df from the two arms' variances; 95% t interval and two-sided p (scipy.stats.t).
"""
import numpy as np
from scipy import stats


def g(x):
    return "%.12g" % x


def day(a, b):
    return " ".join(repr(float(v)) for v in (len(a), a.sum(), b.sum(), (a * a).sum(), (b * b).sum(), (a * b).sum()))


def arm_line(name, arm, a, b):
    h = len(a) // 2
    return "sums %s %s %s | %s" % (name, arm, day(a[:h], b[:h]), day(a[h:], b[h:]))


def mean_cov(a, b):
    return np.array([a.mean(), b.mean()]), np.cov(np.vstack([a, b]), ddof=1) / len(a)


def case(name, ca, cb, ta, tb):
    print(arm_line(name, "C", ca, cb))
    print(arm_line(name, "T", ta, tb))
    mc, sc = mean_cov(ca, cb)
    mt, st = mean_cov(ta, tb)
    arm_var = lambda m, s: np.array([1 / m[1], -m[0] / m[1] ** 2]) @ s @ np.array([1 / m[1], -m[0] / m[1] ** 2])
    rc, rt = mc[0] / mc[1], mt[0] / mt[1]
    vc, vt = arm_var(mc, sc), arm_var(mt, st)
    # relative: f = (a_T / b_T) * (b_C / a_C) - 1 over (a_C, b_C, a_T, b_T)
    grad = np.array([-rt / rc / mc[0], rt / rc / mc[1], 1 / mt[1] / rc, -mt[0] / mt[1] ** 2 / rc])
    cov = np.zeros((4, 4))
    cov[:2, :2], cov[2:, 2:] = sc, st
    rel_se = np.sqrt(grad @ cov @ grad)
    abs_se = np.sqrt(vc + vt)
    df = (vc + vt) ** 2 / (vc ** 2 / (len(ca) - 1) + vt ** 2 / (len(ta) - 1))
    q = stats.t.ppf(0.975, df)
    out = ["ratio", name, g(rc), g(np.sqrt(vc)), g(rt), g(np.sqrt(vt))]
    for label, est, se in (("relative", rt / rc - 1, rel_se), ("absolute", rt - rc, abs_se)):
        out += [label, g(est), g(se), g(est - q * se), g(est + q * se), g(2 * stats.t.cdf(-abs(est / se), df))]
    out += ["df", g(df)]
    print(" ".join(out))


rng = np.random.default_rng(2018)


def orders_revenue(n, lift):
    orders = rng.poisson(0.3, n).astype(float)
    revenue = np.array([rng.gamma(2.0, 25.0 * lift, int(k)).sum() for k in orders])
    return revenue, orders


case("revenue-per-order", *orders_revenue(4000, 1.0), *orders_revenue(4200, 1.08))


def clicks_views(n, ctr):
    views = rng.geometric(0.25, n).astype(float)
    clicks = rng.binomial(views.astype(int), ctr).astype(float)
    return clicks, views


case("clicks-per-view", *clicks_views(3000, 0.05), *clicks_views(2800, 0.05))


def correlated(n, shift):
    b = rng.exponential(2.0, n) + 0.1
    a = 3.0 * b + rng.normal(shift, 1.0, n)
    return a, b


case("correlated", *correlated(500, 0.0), *correlated(520, 0.4))
case("small", *orders_revenue(40, 1.0), *orders_revenue(35, 1.2))

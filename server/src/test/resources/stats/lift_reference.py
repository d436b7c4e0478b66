"""Reference values for the relative lift (delta method, Welch df), the absolute Welch test with
binomial variance p(1-p), chance to beat control, and the always-valid confidence sequence
(Waudby-Smith et al. 2023 as in GrowthBook's gbstats). Run: python3 lift_reference.py
Each output line starts with a tag the tests name. A binomial metric's relative interval is cut at
-1 (rates are non-negative, so the true relative lift is never below -100 %)."""
import numpy as np
from scipy.stats import norm, t


def moments(n, s, ss, binomial):
    mean = s / n
    var = mean * (1 - mean) if binomial else (ss - s * s / n) / (n - 1)
    return mean, var


def lift(tag, control, treatment, binomial, alpha=0.05, nstar=None):
    (nc, nt) = control[0], treatment[0]
    mc, vc = moments(*control, binomial)
    mt, vt = moments(*treatment, binomial)
    var_rel = vt / (mc ** 2 * nt) + vc * mt ** 2 / (mc ** 4 * nc)
    df = (vt / nt + vc / nc) ** 2 / (vt ** 2 / (nt ** 2 * (nt - 1)) + vc ** 2 / (nc ** 2 * (nc - 1)))
    rel, se_rel = (mt - mc) / mc, np.sqrt(var_rel)
    diff, se_abs = mt - mc, np.sqrt(vt / nt + vc / nc)
    if nstar is None:
        q = t.ppf(1 - alpha / 2, df)
        hw_rel, hw_abs = q * se_rel, q * se_abs
        p_rel, p_abs = 2 * t.sf(abs(rel / se_rel), df), 2 * t.sf(abs(diff / se_abs), df)
    else:
        n = nc + nt
        rho = np.sqrt((-2 * np.log(alpha) + np.log(-2 * np.log(alpha) + 1)) / nstar)

        def halfwidth(se):
            return se * np.sqrt(n) * np.sqrt(2 * (n * rho ** 2 + 1) / (n * rho) ** 2 * np.log(np.sqrt(n * rho ** 2 + 1) / alpha))

        def p_value(est, se):
            tr2p1 = n * rho ** 2 + 1
            st2 = est ** 2 * n / se ** 2
            return min(1.0, np.sqrt(tr2p1) * np.exp(-rho ** 2 * st2 / (2 * tr2p1)))

        hw_rel, hw_abs = halfwidth(se_rel), halfwidth(se_abs)
        p_rel, p_abs = p_value(rel, se_rel), p_value(diff, se_abs)
    rel_low = max(-1.0, rel - hw_rel) if binomial else rel - hw_rel
    vals = [rel, rel_low, rel + hw_rel, p_rel, diff, diff - hw_abs, diff + hw_abs, p_abs, norm.cdf(rel / se_rel)]
    inputs = ["binomial" if binomial else "mean", alpha, nstar or 0, *control, *treatment]
    print(tag, " ".join(str(v) for v in inputs), " ".join("%.12g" % v for v in vals))


print("# tag type alpha nstar(0=fixed) nC sumC sumSqC nT sumT sumSqT relLift relLow relHigh relP absLift absLow absHigh absP chanceToBeat")
lift("mean-brief", (3407, 1396.87, 52377.9767), (3461, 2422.7, 134698.29), False)
lift("binomial-brief", (28, 14, 14), (30, 16, 16), True)
lift("sequential-brief", (3000, 1396, 1396), (3461, 2422, 2422), True, nstar=5000)
lift("binomial-2", (10000, 230, 230), (10000, 290, 290), True)
lift("binomial-3-alpha0.10", (5000, 600, 600), (5100, 570, 570), True, alpha=0.10)
lift("mean-welch-1", (200, 2164.53180115, 39616.2182084), (180, 2474.63023645, 79071.7021292), False)
lift("sequential-binomial-2", (10000, 230, 230), (10000, 290, 290), True, nstar=22084)
lift("sequential-mean-welch-3", (1000, 3065, 12519), (1200, 3607, 14439), False, nstar=3000)
lift("sequential-small-n", (120, 30, 30), (110, 45, 45), True, nstar=100000)
# small samples: the symmetric interval reaches below -100 % and is cut there
lift("binomial-small-cut", (9, 5, 5), (8, 1, 1), True)
lift("sequential-small-cut", (20, 3, 3), (20, 1, 1), True, nstar=10000)

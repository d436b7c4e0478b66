"""Reference values for bandits (issue 21): the exact probability that each arm is best, by numerical
integration of P(arm i best) = integral of f_i(x) * prod_{j != i} F_j(x) dx (or (1 - F_j) when lower is
better), for Beta posteriors Beta(1 + conversions, 1 + units - conversions) and normal ones; and the
inverse-probability (Hajek) weighted mean of one arm with its linearised standard error, computed on the
unit-level values that BanditEstimatorTest aggregates per period.
Run: python3 bandit_reference.py > bandit_reference.py.out"""
import numpy as np
from scipy import integrate
from scipy.stats import beta, norm


def best(tag, dists, lower, lo, hi):
    out = []
    for i, d in enumerate(dists):
        others = [o for j, o in enumerate(dists) if j != i]
        if lower:
            f = lambda x: d.pdf(x) * np.prod([o.sf(x) for o in others])
        else:
            f = lambda x: d.pdf(x) * np.prod([o.cdf(x) for o in others])
        out.append(integrate.quad(f, lo, hi, limit=500, points=[d.mean()])[0])
    print("best", tag, ",".join("%.12g" % v for v in out))


print("# best tag p1,p2,...")
creatives = [(1000, 23), (1000, 26), (1000, 29)]
b = [beta(1 + x, 1 + n - x) for n, x in creatives]
best("beta-23-26-29-higher", b, False, 0, 0.1)
best("beta-23-26-29-lower", b, True, 0, 0.1)
b2 = [beta(1 + x, 1 + n - x) for n, x in [(200, 10), (200, 18)]]
best("beta-10-18-of-200-higher", b2, False, 0, 0.3)
nrm = [norm(10, 0.3), norm(10.5, 0.4), norm(9.8, 0.2)]
best("normal-10-10.5-9.8-higher", nrm, False, 5, 15)
best("normal-10-10.5-9.8-lower", nrm, True, 5, 15)

print("# weighted tag mean standardError")
periods = [(0.5, [1.0, 2.5, 0.0, 4.0]), (0.2, [3.0, 0.5]), (0.3, [2.0, 2.0, 7.0])]
y = np.concatenate([np.array(v) for _, v in periods])
w = np.concatenate([np.full(len(v), p) for p, v in periods])
mu = np.sum(y / w) / np.sum(1 / w)
se = np.sqrt(np.sum((y - mu) ** 2 / w ** 2)) / np.sum(1 / w)
print("weighted", "mean-three-periods", "%.12g" % mu, "%.12g" % se)

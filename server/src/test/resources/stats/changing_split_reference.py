"""Reference values for a sticky experiment whose weights changed while it ran (issue 21): days 0-6 at
control 50 / bold 50 with a 10 % baseline, days 7-13 at control 10 / bold 90 with a 20 % baseline (a drift:
weekend, campaign), no true difference between the arms on any day. Writes the per-day counts that
ChangingSplitReportTest folds into rollup rows (changing_split_units.csv: each unit converts, or not, on the
day of its first exposure), and prints what the report must say:
- srm: chi-square goodness of fit (scipy.stats.chisquare) of the observed units against the expected units
  of each day's weights (the fix), and against today's weights alone (main's false alarm);
- each arm's inverse-probability (Hajek) weighted mean on the unit-level 0/1 values, weight 1 / share of the
  unit's entry day, and its HC0 sandwich standard error sqrt(sum w^2 (y - m)^2) / sum w;
- the pooled means and lift (Simpson-biased), the weighted relative lift with its delta-method 95 % interval
  and the two-sided z-test p-value of the difference.
"it-hourly" (ChangingSplitPeriodsIT): one day, weights changed twice within it (50/50 from 00:00, 10/90 from
06:00, 30/70 from 12:00) while the baseline drifts (10 %, 20 %, 10 %), most of the day's traffic in the
10/90 hours: each unit weighted by its own update period's share (the fix), against the day's
hour-weighted mix of shares that the exposure-day approximation used (main).
Run: python3 changing_split_reference.py > changing_split_reference.py.out"""
import numpy as np
from scipy.stats import chisquare, norm

rng = np.random.default_rng(2026_11_29)
days = range(14)
share = {d: (0.5, 0.5) if d < 7 else (0.1, 0.9) for d in days}
rate = {d: 0.10 if d < 7 else 0.20 for d in days}
rows = []
for d in days:
    n = rng.multinomial(1000, share[d])
    for arm, units in zip(("control", "bold"), n):
        rows.append((d, arm, int(units), int(rng.binomial(units, rate[d]))))
with open("changing_split_units.csv", "w") as f:
    f.write("day,variant,units,conversions\n")
    for r in rows:
        f.write("%d,%s,%d,%d\n" % r)

arms = ("control", "bold")
observed = np.array([sum(r[2] for r in rows if r[1] == a) for a in arms])
expected = np.zeros(2)
for d in days:
    total = sum(r[2] for r in rows if r[0] == d)
    expected += total * np.array(share[d])
print("srm-periods %.12g" % chisquare(observed, expected).pvalue)
print("srm-current %.12g" % chisquare(observed, observed.sum() * np.array(share[13])).pvalue)
print("expected-share %.12g %.12g" % tuple(expected / expected.sum()))

est = {}
for i, a in enumerate(arms):
    y, w = [], []
    for d, arm, units, conv in rows:
        if arm == a:
            y += [1.0] * conv + [0.0] * (units - conv)
            w += [1 / share[d][i]] * units
    y, w = np.array(y), np.array(w)
    m = np.sum(w * y) / np.sum(w)
    se = np.sqrt(np.sum(w * w * (y - m) ** 2)) / np.sum(w)
    est[a] = (m, se, y.mean())
    print("arm %s weighted %.12g se %.12g pooled %.12g" % (a, m, se, y.mean()))
(c, sc, pc), (t, st, pt) = est["control"], est["bold"]
rel = t / c - 1
se_rel = np.sqrt(st**2 / c**2 + t**2 * sc**2 / c**4)
z = norm.ppf(0.975)
print("lift weighted %.12g ci %.12g %.12g" % (rel, rel - z * se_rel, rel + z * se_rel))
print("lift p %.12g" % (2 * norm.sf(abs(t - c) / np.sqrt(st**2 + sc**2))))
print("lift pooled %.12g" % (pt / pc - 1))

# it: ChangingSplitReportIT's counts (300/300 units at 10 %, then 60/540 at 20 %), per period
it = {"control": [(300, 30, 0.5), (60, 12, 0.1)], "bold": [(300, 30, 0.5), (540, 108, 0.9)]}
obs = np.array([sum(n for n, _, _ in it[a]) for a in arms])
exp_units = np.array([600 * 0.5 + 600 * 0.1, 600 * 0.5 + 600 * 0.9])
print("it srm-periods %.12g srm-current %.12g" % (chisquare(obs, exp_units).pvalue,
                                                  chisquare(obs, obs.sum() * np.array([0.1, 0.9])).pvalue))
for a in arms:
    m = sum(x / w for _, x, w in it[a]) / sum(n / w for n, _, w in it[a])
    print("it arm %s weighted %.12g pooled %.12g" % (a, m, sum(x for _, x, _ in it[a]) / sum(n for n, _, _ in it[a])))

# bandit: the same counts read as a bandit: P(bold best) from the weighted normal posteriors (exact, 2 arms)
print("bandit best-bold %.12g" % norm.cdf((t - c) / np.sqrt(st**2 + sc**2)))
# bandit 3 arms (normal posteriors, means 2.3 / 2.6 / 2.9 %, se 0.2 %), by numerical integration
from scipy import integrate
arms3 = [norm(0.023, 0.002), norm(0.026, 0.002), norm(0.029, 0.002)]
p3 = []
for i, d in enumerate(arms3):
    others = [o for j, o in enumerate(arms3) if j != i]
    p3.append(integrate.quad(lambda x: d.pdf(x) * np.prod([o.cdf(x) for o in others]), 0, 0.06, limit=500)[0])
print("bandit three %.12g %.12g %.12g" % tuple(p3))
# it bandit: ChangingSplitReportIT's bandit before its first update, 200 units per arm, 20 and 40 converting
pc, pb = 20 / 200, 40 / 200
print("it bandit best-bold %.12g" % norm.cdf((pb - pc) / np.sqrt(pc * (1 - pc) / 200 + pb * (1 - pb) / 200)))


# it-hourly: ChangingSplitPeriodsIT's counts per update period: (units, converting, share) per arm
def weighted(cells):
    """Hajek mean and HC0 sandwich standard error of 0/1 values, weight 1 / share of the unit's period."""
    y, w = [], []
    for n, x, share in cells:
        y += [1.0] * x + [0.0] * (n - x)
        w += [1 / share] * n
    y, w = np.array(y), np.array(w)
    m = np.sum(w * y) / np.sum(w)
    return m, np.sqrt(np.sum(w * w * (y - m) ** 2)) / np.sum(w)


def lift(c, sc, t, st):
    rel = t / c - 1
    se_rel = np.sqrt(st**2 / c**2 + t**2 * sc**2 / c**4)
    z = norm.ppf(0.975)
    return rel, rel - z * se_rel, rel + z * se_rel, 2 * norm.sf(abs(t - c) / np.sqrt(st**2 + sc**2))


hourly = {"control": [(100, 10, 0.5), (60, 12, 0.1), (90, 9, 0.3)],
          "bold": [(100, 12, 0.5), (540, 113, 0.9), (210, 22, 0.7)]}
obs = np.array([sum(n for n, _, _ in hourly[a]) for a in arms])
period_units = [sum(hourly[a][k][0] for a in arms) for k in range(3)]
exp_units = np.array([sum(u * hourly[a][k][2] for k, u in enumerate(period_units)) for a in arms])
day_share = np.array([(6 * 0.5 + 6 * 0.1 + 12 * 0.3) / 24, (6 * 0.5 + 6 * 0.9 + 12 * 0.7) / 24])
print("it-hourly srm-periods %.12g srm-day %.12g" % (chisquare(obs, exp_units).pvalue,
                                                     chisquare(obs, obs.sum() * day_share).pvalue))
fig = {}
for i, a in enumerate(arms):
    m, se = weighted(hourly[a])
    dm, dse = weighted([(sum(n for n, _, _ in hourly[a]), sum(x for _, x, _ in hourly[a]), day_share[i])])
    fig[a] = (m, se, dm, dse)
    print("it-hourly arm %s weighted %.12g se %.12g day %.12g" % (a, m, se, dm))
rel, lo, hi, p = lift(fig["control"][0], fig["control"][1], fig["bold"][0], fig["bold"][1])
print("it-hourly lift weighted %.12g ci %.12g %.12g p %.12g" % (rel, lo, hi, p))
drel, dlo, dhi, dp = lift(fig["control"][2], fig["control"][3], fig["bold"][2], fig["bold"][3])
print("it-hourly lift day %.12g ci %.12g %.12g p %.12g" % (drel, dlo, dhi, dp))

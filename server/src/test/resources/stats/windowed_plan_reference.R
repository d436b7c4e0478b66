# WindowedPlanTest: the plan of a windowed binomial primary metric from its matured control units
# (rate 0.10), not from all units (matured and maturing: 0.05). mde 0.25 relative, alpha 0.05, power 0.8.
print(power.prop.test(p1 = 0.10, p2 = 0.10 * 1.25, power = 0.8)$n)
print(power.prop.test(p1 = 0.05, p2 = 0.05 * 1.25, power = 0.8)$n)

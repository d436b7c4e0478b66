# Reference values for GaussianTest. Run: Rscript normal_reference.R > normal_reference.R.out
# "pnorm x P(Z <= x)" on a grid across both tails, and "qnorm p x" for small and large p.
for (x in c(seq(-38.4, 8.6, by = 0.37), -0.6744, 0.6745, 5.6568, 5.6569, 0)) cat("pnorm", sprintf("%.17g", x), sprintf("%.17g", pnorm(x)), "\n")
for (p in c(1e-300, 1e-100, 1e-20, 1e-12, 3e-9, 0.0125, 0.025, 0.3, 0.5, 0.8, 0.975, 0.9999)) cat("qnorm", sprintf("%.17g", p), sprintf("%.17g", qnorm(p)), "\n")

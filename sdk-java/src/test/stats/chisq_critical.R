# Critical values of the chi-square distribution hard-coded in DistributionTest.java.
# Run: Rscript sdk-java/src/test/stats/chisq_critical.R
options(digits = 10)
cat("p=0.001, df=1 (50/50 split):         ", qchisq(0.999, 1), "\n")
cat("p=0.001, df=2 (10/30/60 split):      ", qchisq(0.999, 2), "\n")
cat("p=0.001/10, df=1 (each of 10 slices):", qchisq(1 - 0.001 / 10, 1), "\n")
cat("p=0.001, df=9 (10x2 independence):   ", qchisq(0.999, 9), "\n")
cat("p=0.001, df=2 (30/30/40 layer split):", qchisq(0.999, 2), "\n")
# HoldoutDistributionTest.java
cat("p=0.001, df=1 (5/95 holdout share, 2x2 independence of two holdouts):", qchisq(0.999, 1), "\n")
cat("p=0.001, df=2 (10/30/60 split in and out of the holdout, 2x3 independence):", qchisq(0.999, 2), "\n")

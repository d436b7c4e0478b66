# Reference values for the group-sequential plan in PowerCalculatorTest. Run: Rscript power_reference.R > power_reference.R.out
# (R 4.x, rpact 3.3.4.) For k equally spaced looks (rpact's default informationRates), two-sided alpha and power
# (twoSidedPower = FALSE, rpact's default), getDesignCharacteristics gives
#   inflationFactor       maximum sample / fixed test's sample
#   averageSampleNumber1  expected sample at the planned effect / fixed test's sample (H1)
#   averageSampleNumber0  the same with no effect (H0)
# Printed: "design <spending> <k> <alpha> <power> <inflationFactor> <averageSampleNumber1> <averageSampleNumber0>".
# "rates" lines show that rpact's getSampleSizeRates scales the fixed test's sample by exactly this inflation factor.
suppressPackageStartupMessages(library(rpact))
options(warn = -1)
f <- function(x) sprintf("%.12g", x)
for (spending in c("obrien_fleming", "pocock")) {
  type <- if (spending == "obrien_fleming") "asOF" else "asP"
  for (k in 1:20) for (ap in list(c(0.05, 0.8), c(0.01, 0.9), c(0.1, 0.8), c(0.025, 0.85))) {
    d <- getDesignGroupSequential(kMax = k, alpha = ap[1], beta = 1 - ap[2], sided = 2, typeOfDesign = type)
    ch <- getDesignCharacteristics(d)
    asn1 <- if (k == 1) 1 else ch$averageSampleNumber1
    asn0 <- if (k == 1) 1 else ch$averageSampleNumber0
    cat("design", spending, k, ap[1], ap[2], f(ch$inflationFactor), f(asn1), f(asn0), "\n")
  }
  for (k in c(5, 20)) {
    d <- getDesignGroupSequential(kMax = k, alpha = 0.05, beta = 0.2, sided = 2, typeOfDesign = type)
    gs <- getSampleSizeRates(d, pi1 = 0.11, pi2 = 0.10)$maxNumberOfSubjects
    fixed <- getSampleSizeRates(getDesignGroupSequential(kMax = 1, alpha = 0.05, beta = 0.2, sided = 2), pi1 = 0.11, pi2 = 0.10)$maxNumberOfSubjects
    cat("rates", spending, k, "ratio", f(gs / fixed), "inflationFactor", f(getDesignCharacteristics(d)$inflationFactor), "\n")
  }
}

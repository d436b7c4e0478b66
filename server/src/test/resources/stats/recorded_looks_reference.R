# Reference boundaries for SequentialMonitorTest's recorded looks. Run: Rscript recorded_looks_reference.R > recorded_looks_reference.R.out
# (R 4.x, rpact 3.x; a second.)
#
# A look once taken keeps its information fraction (rpact's designs fix the information rates of performed looks).
# The case: look 1 was taken at 250 units of a plan of 1000 (t = 0.25); the plan then moved to 1250 units (an
# observed baseline), look 2 is at 600 units (t = 0.48) and look 3 at 1250 (t = 1). The design of the looks as taken
# is getDesignGroupSequential(informationRates = c(0.25, 0.48, 1)); read again from today's plan alone, look 1 would
# be t = 0.24 (50 late units on its day: 300 of 1250) and every boundary would differ ("regrouped", for the test's "before").
suppressPackageStartupMessages(library(rpact))
f <- function(x) paste(ifelse(is.finite(x), sprintf("%.12g", x), "Inf"), collapse = ",")
bounds <- function(t, alpha, type) {
  getDesignGroupSequential(kMax = length(t), alpha = alpha, sided = 2, typeOfDesign = type,
                           informationRates = t)$criticalValues
}
for (case in list(list("obrien_fleming", "asOF", 0.05), list("pocock", "asP", 0.05),
                  list("obrien_fleming", "asOF", 0.025))) {
  cat("recorded", case[[1]], case[[3]], "t", f(c(0.25, 0.48, 1)), "z", f(bounds(c(0.25, 0.48, 1), case[[3]], case[[2]])), "\n")
  cat("regrouped", case[[1]], case[[3]], "t", f(c(0.24, 0.48, 1)), "z", f(bounds(c(0.24, 0.48, 1), case[[3]], case[[2]])), "\n")
}

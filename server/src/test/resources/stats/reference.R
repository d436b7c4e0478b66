# Reference values for dev.moments.server.stats tests. Run: Rscript reference.R
# Each output line starts with a tag the tests name (e.g. "welch-1"); the tests quote the values.
f <- function(x) sprintf("%.12g", x)
say <- function(tag, ...) cat(tag, ..., "\n")

# Welch two-sample t-tests on generated data (absolute difference of means, mean metrics).
# Printed: n, sum, sum of squares per arm (the SampleStats), then mean difference, CI, p-value.
welch <- function(tag, x, y) {
  r <- t.test(y, x, var.equal = FALSE)
  say(tag, "control", length(x), f(sum(x)), f(sum(x^2)), "treatment", length(y), f(sum(y)), f(sum(y^2)),
      "diff", f(mean(y) - mean(x)), "ci", f(r$conf.int[1]), f(r$conf.int[2]), "p", f(r$p.value), "df", f(r$parameter))
}
set.seed(42); welch("welch-1", rexp(200, 1/10), rexp(180, 1/12))
set.seed(7);  welch("welch-2", rnorm(50, 5, 2), rnorm(30, 5.5, 4))
set.seed(11); welch("welch-3", rpois(1000, 3), rpois(1200, 3))
# 90% interval
set.seed(3);  x <- rnorm(40, 100, 15); y <- rnorm(45, 110, 20)
r <- t.test(y, x, conf.level = 0.9)
say("welch-4-alpha0.10", "control", length(x), f(sum(x)), f(sum(x^2)), "treatment", length(y), f(sum(y)), f(sum(y^2)),
    "ci", f(r$conf.int[1]), f(r$conf.int[2]), "p", f(r$p.value))

# The brief's example: the absolute Welch p-value for the mean-metric reference case.
# Data with exactly the given n, mean and variance: n=3407 mean 0.41, sd from sums; n=3461 mean 0.70.
mk <- function(n, s, ss) { m <- s / n; v <- (ss - s^2 / n) / (n - 1); z <- scale(seq_len(n))[, 1]; m + z * sqrt(v) }
x <- mk(3407, 1396.87, 52377.9767); y <- mk(3461, 2422.7, 134698.29)
r <- t.test(y, x); say("welch-brief", "ci", f(r$conf.int[1]), f(r$conf.int[2]), "p", f(r$p.value))

# power.prop.test (two-sided, strict = FALSE): n per group
pp <- function(tag, p1, p2, sig = 0.05, power = 0.8) say(tag, "n", f(power.prop.test(p1 = p1, p2 = p2, sig.level = sig, power = power)$n))
pp("prop-1", 0.023, 0.023 * 1.25)
pp("prop-2", 0.023, 0.029)
pp("prop-3", 0.10, 0.11)
pp("prop-4", 0.30, 0.30 * 0.9, 0.01, 0.9)
pp("prop-5", 0.5, 0.6, 0.1, 0.8)
# power.t.test (two-sample, two-sided, strict = FALSE): n per group from delta and sd
pt2 <- function(tag, delta, sd, sig = 0.05, power = 0.8) say(tag, "n", f(power.t.test(delta = delta, sd = sd, sig.level = sig, power = power)$n))
pt2("t-1", 1, 1)
pt2("t-2", 0.41 * 0.1, 3.9)
pt2("t-3", 5, 20, 0.01, 0.9)
pt2("t-4", 0.5, 1)

# chisq.test goodness of fit (no continuity correction for GOF)
cs <- function(tag, x, p) say(tag, "p", f(suppressWarnings(chisq.test(x, p = p / sum(p))$p.value)))
cs("srm-1", c(1000, 1200), c(50, 50))
cs("srm-2", c(135, 115), c(50, 50))
cs("srm-3", c(310, 98), c(75, 25))
cs("srm-4", c(0, 10, 10), c(34, 33, 33))
cs("srm-5", c(500, 500, 600), c(34, 33, 33))
cs("srm-6", c(50400, 49600), c(50, 50))
cs("srm-7", c(10100, 9950, 10020, 9930), c(1, 1, 1, 1))

# p.adjust
pa <- function(tag, p, m) say(tag, paste(f(p.adjust(p, m)), collapse = " "))
pa("holm-1", c(.01, .04, .03, .005, .55, .6), "holm")
pa("bh-1", c(.898, .138, .007, .964, .538, .006, .138), "BH")
pa("holm-2", c(0.02, 0.001, 0.04), "holm")
pa("bh-2", c(0.02, 0.001, 0.04, 0.3), "BH")

# Wilson score interval (AaSimulation.Share): prop.test without continuity correction
w <- prop.test(32, 2000, correct = FALSE)$conf.int; say("wilson-1", f(w[1]), f(w[2]))

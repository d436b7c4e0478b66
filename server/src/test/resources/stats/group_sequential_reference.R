# Reference boundaries for GroupSequentialDesignTest. Run: Rscript group_sequential_reference.R > group_sequential_reference.R.out
# (R 4.x, rpact 3.3.4, mvtnorm 1.1; 5 to 20 minutes on 2 shared cores.)
#
# For every case (spending, alpha, information fractions t) it prints rpact's
#   getDesignGroupSequential(kMax = k, alpha, sided = 2, typeOfDesign = "asOF" | "asP", informationRates = t)$criticalValues
# and the same boundaries from an independent, much finer recursive integration written here in R (Simpson on
# grids with spacing <= 0.02 and <= a tenth of every kernel width, no banding, R's pnorm/dnorm, uniroot).
# rpact's integration uses 91 grid points whatever the spacing of the looks, and clamps boundaries below -6 to -6
# (and above 8 to 8) inside its integration, so it goes wrong when two looks are close, and after a look with a
# boundary above 6 (early O'Brien-Fleming looks), where its next boundaries are off by up to 0.1 or are wrong
# altogether; each look therefore also says whether rpact and the independent value agree within 1e-5 ("ok") or
# not ("off").
# The "mvtnorm" lines check the independent boundaries (and rpact's) of small closely spaced designs with an
# unrelated method, mvtnorm's multivariate normal rectangle probabilities (Miwa, or Genz-Bretz for tiny ones): the
# cumulative probability of crossing by that look, against the spending function, with mvtnorm's error estimate.
suppressPackageStartupMessages({ library(rpact); library(mvtnorm) })
options(warn = -1)
f <- function(x) ifelse(is.finite(x), sprintf("%.12g", x), "Inf")
type_of <- function(spending) if (spending == "obrien_fleming") "asOF" else "asP"
spend <- function(spending, alpha, t) {
  if (spending == "obrien_fleming") 4 * pnorm(qnorm(alpha / 4) / sqrt(t)) else alpha * log(1 + (exp(1) - 1) * t)
}

rpact_bounds <- function(t, alpha, spending) {
  d <- getDesignGroupSequential(kMax = length(t), alpha = alpha, sided = 2, typeOfDesign = type_of(spending),
                                informationRates = t)
  d$criticalValues
}

simpson <- function(n, h) { w <- rep(c(4, 2), length.out = n - 1); w[n - 1] <- 1; c(1, w) * h / 3 }

independent_bounds <- function(t, alpha, spending) {
  K <- length(t); target <- spend(spending, alpha, t)
  crit <- numeric(K); spent <- 0
  z <- 0; w <- 1; tp <- 0                      # before look 1: a point mass at 0
  for (k in 1:K) {
    tk <- t[k]; sd <- sqrt((tk - tp) / tk); m <- z * sqrt(tp / tk)
    cross <- function(c) sum(w * (pnorm((m - c) / sd) + pnorm((-c - m) / sd)))
    inc <- target[k] - spent
    c <- if (inc <= 0 || cross(7.5) >= inc) Inf else uniroot(function(c) cross(c) - inc, c(0, 7.5), tol = 1e-14)$root
    crit[k] <- c
    if (is.finite(c)) spent <- spent + cross(c)
    if (k < K) {
      b <- min(c, 10)
      h <- min(0.02, sd / 10, sqrt((t[k + 1] - tk) / tk) / 10)
      n <- 2 * ceiling(b / h) + 1
      x <- seq(-b, b, length.out = n)
      dens <- numeric(n)
      for (from in seq(1, n, by = 200)) {
        idx <- from:min(n, from + 199)
        dens[idx] <- crossprod(w, dnorm(outer(m, x[idx], function(a, b) (b - a) / sd)) / sd)
      }
      z <- x; w <- dens * simpson(n, (2 * b) / (n - 1)); tp <- tk
    }
  }
  crit
}

# Cumulative P(|Z_j| >= c_j for some j <= k) by mvtnorm, with its error estimate. Up to 6 looks and when not tiny:
# 1 - P(all inside) by Miwa's algorithm (deterministic, about 1e-12 absolute; error printed as 0). Otherwise
# Genz-Bretz, summed from the small probabilities of first crossing at each look, 2 P(|Z_i| < c_i for i < j,
# Z_j >= c_j), so tiny spends keep their relative precision.
mvtnorm_crossing <- function(t, c, k) {
  S <- outer(t, t, function(a, b) sqrt(pmin(a, b) / pmax(a, b)))
  finite <- which(is.finite(c[1:k]))                 # looks that cannot stop constrain nothing
  if (length(finite) == 0) return(c(0, 0))
  if (k <= 6) {
    cc <- c[finite]
    miwa <- 1 - pmvnorm(lower = -cc, upper = cc, sigma = S[finite, finite, drop = FALSE], algorithm = Miwa(steps = 4096))[1]
    if (miwa > 1e-4) return(c(miwa, 0))
  }
  gb <- GenzBretz(maxpts = 5e6, abseps = 1e-13, releps = 0)
  total <- 0; error <- 0
  for (j in 1:k) {
    if (!is.finite(c[j])) next
    if (j == 1) { total <- total + 2 * pnorm(-c[1]); next }
    p <- pmvnorm(lower = c(-c[1:(j - 1)], c[j]), upper = c(c[1:(j - 1)], Inf), sigma = S[1:j, 1:j], algorithm = gb)
    total <- total + 2 * p[1]; error <- error + 2 * attr(p, "error")
  }
  c(total, error)
}

cases <- list()
add <- function(spending, alpha, t, label) cases[[length(cases) + 1]] <<- list(spending = spending, alpha = alpha, t = t, label = label)
alphas <- c(0.05, 0.01, 0.1, 0.025)
for (spending in c("obrien_fleming", "pocock")) {
  for (alpha in alphas) for (k in 1:20) add(spending, alpha, (1:k) / k, "equal")
  set.seed(if (spending == "obrien_fleming") 1 else 2)
  for (k in 2:20) for (r in 1:3) {
    alpha <- sample(alphas, 1)
    add(spending, alpha, c(sort(runif(k - 1)), 1), "random")                       # final look at t = 1
  }
  for (k in c(3, 8, 15)) add(spending, 0.05, sort(runif(k)), "random-interim")     # last look before t = 1
  for (t1 in c(0.001, 0.01, 0.05)) for (k in c(2, 5, 12)) add(spending, sample(alphas, 1), c(t1, t1 + (1 - t1) * (1:(k - 1)) / (k - 1)), "early")
  # random with gaps of at least 0.3 / k
  for (k in c(4, 10, 20)) for (r in 1:2) {
    gaps <- 0.3 / k + runif(k); t <- cumsum(gaps) / sum(gaps); t[k] <- 1
    add(spending, sample(alphas, 1), t, "random-spread")
  }
  for (t in list(c(0.5, 0.501, 1), c(0.5, 0.5001, 1), c(0.99, 0.999, 1), c(0.2, 0.21, 0.22, 1), c(0.3, 0.6, 0.6005, 1)))
    add(spending, 0.05, t, "close")
}

for (i in seq_along(cases)) {
  cs <- cases[[i]]
  r <- rpact_bounds(cs$t, cs$alpha, cs$spending)
  ind <- independent_bounds(cs$t, cs$alpha, cs$spending)
  ok <- ifelse(is.finite(r) & is.finite(ind), abs(r - ind) <= 1e-5, is.infinite(r) & is.infinite(ind))
  cat("case", i, cs$label, cs$spending, cs$alpha, "t", paste(f(cs$t), collapse = ","),
      "rpact", paste(f(r), collapse = ","), "independent", paste(f(ind), collapse = ","),
      "agree", paste(ifelse(ok, "ok", "off"), collapse = ","), "\n")
  # mvtnorm check at the last look of the close designs and at the first look where rpact is off (up to 6 looks)
  look <- if (cs$label == "close") length(cs$t) else which(!ok)[1]
  if (!is.na(look) && look <= 6) {
    mi <- mvtnorm_crossing(cs$t, ind, look); mr <- mvtnorm_crossing(cs$t, r, look)
    cat("mvtnorm", i, "look", look, "target", f(spend(cs$spending, cs$alpha, cs$t[look])),
        "independent", f(mi[1]), "error", f(mi[2]), "rpact", f(mr[1]), "error", f(mr[2]), "\n")
  }
}

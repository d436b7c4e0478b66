# Reference values for CupedEstimatorTest. Run: Rscript cuped_reference.R > cuped_reference.R.out
# (R 4.x with numDeriv.)
#
# Each case generates unit-level data for a control arm A and a treatment arm B: y and covariates
# x = (the metric's pre-period value, one-hot device / channel / intent / returning with the first level dropped).
# Printed per case:
#   "sums": each arm's sufficient statistics n, Σy, Σy², Σx, Σxxᵀ (lower triangle by rows), Σxy, separately
#           for two "days" (the first and second half of the arm's units), which the test adds up;
#   "lm":   fit <- lm(y ~ arm + x) on the units: the arm coefficient (= the adjusted absolute difference), the
#           indexes (0-based) of covariates lm reports as NA, and β;
#   "adjusted" / "unadjusted": relative lift and absolute difference of the adjusted means
#           m_a = mean(y_a) - (colMeans(x_a) - colMeans(x)) %*% β (β = 0 for unadjusted), their standard errors,
#           Welch's df, the 95% t interval and the p-value. Variances come from the units: the residuals of the
#           fit within each arm for the absolute scale, and for the relative scale the delta method with
#           numDeriv's numerical gradient of m_B / m_A - 1 in (mean y_A, mean x_A, mean y_B, mean x_B) and each
#           arm's covariance matrix cov(cbind(y, x)) — not the formulas of the Java code;
#   "reduction": 1 - adjusted / unadjusted variance of the absolute difference.
suppressPackageStartupMessages(library(numDeriv))
f <- function(x) sprintf("%.17g", x)
g <- function(x) sprintf("%.12g", x)

onehot <- function(values, levels) {
  m <- sapply(levels[-1], function(l) as.numeric(values == l))
  matrix(m, nrow = length(values))
}

context <- function(n, device_p = c(0.5, 0.4, 0.1), channel_p = c(0.4, 0.3, 0.2, 0.1)) {
  device <- sample(c("desktop", "mobile", "tablet"), n, TRUE, device_p)
  channel <- sample(c("direct", "search", "social", "email"), n, TRUE, channel_p)
  intent <- sample(c("browse", "compare", "buy"), n, TRUE, c(0.5, 0.3, 0.2))
  returning <- sample(c("new", "returning"), n, TRUE, c(0.6, 0.4))
  list(device = device, channel = channel, intent = intent, returning = returning,
       x = cbind(onehot(device, c("desktop", "mobile", "tablet")), onehot(channel, c("direct", "search", "social", "email")),
                 onehot(intent, c("browse", "compare", "buy")), onehot(returning, c("new", "returning"))))
}

lower_by_rows <- function(m) unlist(lapply(seq_len(nrow(m)), function(i) m[i, 1:i]))

arm_sums <- function(y, x) {
  half <- floor(length(y) / 2)
  day <- function(idx) {
    xs <- x[idx, , drop = FALSE]; ys <- y[idx]
    paste(length(ys), f(sum(ys)), f(sum(ys^2)), paste(f(colSums(xs)), collapse = ","),
          paste(f(lower_by_rows(crossprod(xs))), collapse = ","), paste(f(colSums(xs * ys)), collapse = ","))
  }
  paste(day(1:half), "|", day((half + 1):length(y)))
}

compare <- function(tag, yA, xA, yB, xB) {
  y <- c(yA, yB); x <- rbind(xA, xB); arm <- c(rep(0, length(yA)), rep(1, length(yB)))
  fit <- lm(y ~ arm + x)
  beta <- coef(fit)[-(1:2)]
  na <- which(is.na(beta)) - 1
  beta[is.na(beta)] <- 0
  cat("case", tag, "covariates", ncol(x), "\n")
  cat("sums", tag, "A", arm_sums(yA, xA), "\n")
  cat("sums", tag, "B", arm_sums(yB, xB), "\n")
  cat("lm", tag, "arm", g(coef(fit)[2]), "na", if (length(na)) paste(na, collapse = ",") else "-",
      "beta", paste(g(beta), collapse = ","), "\n")
  res <- residuals(fit)
  summarise <- function(label, b) {
    xbar <- colMeans(x)
    mA <- mean(yA) - sum((colMeans(xA) - xbar) * b)
    mB <- mean(yB) - sum((colMeans(xB) - xbar) * b)
    # absolute: per-arm variance of the residuals y - x b (intercept per arm does not change the variance)
    vA <- var(yA - xA %*% b)[1] / length(yA); vB <- var(yB - xB %*% b)[1] / length(yB)
    if (label == "adjusted") stopifnot(abs(vA - var(res[arm == 0]) / length(yA)) < 1e-9 * vA)
    df <- (vA + vB)^2 / (vA^2 / (length(yA) - 1) + vB^2 / (length(yB) - 1))
    p <- ncol(x); nA <- length(yA); nB <- length(yB)
    rel <- function(theta) {
      yAm <- theta[1]; xAm <- theta[2:(p + 1)]; yBm <- theta[p + 2]; xBm <- theta[(p + 3):(2 * p + 2)]
      pooled <- (nA * xAm + nB * xBm) / (nA + nB)
      (yBm - sum((xBm - pooled) * b)) / (yAm - sum((xAm - pooled) * b)) - 1
    }
    theta <- c(mean(yA), colMeans(xA), mean(yB), colMeans(xB))
    gr <- grad(rel, theta, method = "Richardson", method.args = list(r = 6))
    gA <- gr[1:(p + 1)]; gB <- gr[(p + 2):(2 * p + 2)]
    relVar <- (t(gA) %*% cov(cbind(yA, xA)) %*% gA / nA + t(gB) %*% cov(cbind(yB, xB)) %*% gB / nB)[1]
    q <- qt(0.975, df)
    r <- mB / mA - 1; d <- mB - mA; seR <- sqrt(relVar); seD <- sqrt(vA + vB)
    cat(label, tag, "relative", g(r), g(seR), g(r - q * seR), g(r + q * seR), g(2 * pt(-abs(r / seR), df)),
        "absolute", g(d), g(seD), g(d - q * seD), g(d + q * seD), g(2 * pt(-abs(d / seD), df)), "df", g(df), "\n")
    vA + vB
  }
  adj <- summarise("adjusted", beta)
  raw <- summarise("unadjusted", rep(0, ncol(x)))
  cat("reduction", tag, g(1 - adj / raw), "\n")
}

# 1. Binomial metric, pre-period conversion plus context; a true +10 % lift.
set.seed(101)
mk_binomial <- function(n, lift) {
  ctx <- context(n); pre <- rbinom(n, 1, 0.12)
  logit <- -2.6 + 1.6 * pre + 0.4 * (ctx$device == "desktop") + 0.5 * (ctx$intent == "buy") + 0.3 * (ctx$returning == "returning")
  y <- rbinom(n, 1, pmin(1, plogis(logit) * lift))
  list(y = y, x = cbind(pre, ctx$x))
}
A <- mk_binomial(3000, 1); B <- mk_binomial(3200, 1.1)
compare("binomial-context", A$y, A$x, B$y, B$x)

# 2. Revenue-like mean metric (skewed), continuous pre-period value plus context.
set.seed(202)
mk_revenue <- function(n, lift) {
  ctx <- context(n); pre <- rexp(n, 1 / 20) * rbinom(n, 1, 0.3)
  y <- (0.5 * pre + 8 * (ctx$intent == "buy") + rexp(n, 1 / 10) * rbinom(n, 1, 0.25)) * lift
  list(y = y, x = cbind(pre, ctx$x))
}
A <- mk_revenue(2000, 1); B <- mk_revenue(2100, 1.05)
compare("revenue-context", A$y, A$x, B$y, B$x)

# 3. Classic single-covariate CUPED on a mean metric.
set.seed(303)
xA <- matrix(rnorm(1500, 50, 10)); xB <- matrix(rnorm(1400, 50, 10))
yA <- 0.8 * xA[, 1] + rnorm(1500, 0, 6); yB <- 0.8 * xB[, 1] + rnorm(1400, 0, 6) + 1
compare("single-covariate", yA, xA, yB, xB)

# 4. Singular Σxxᵀ: nobody on a tablet (all-zero column), every unit returning (constant column), and a column
#    that is the sum of two others (exactly collinear). lm reports NA for all three.
set.seed(404)
mk_singular <- function(n, lift) {
  ctx <- context(n, device_p = c(0.6, 0.4, 0)); pre <- rbinom(n, 1, 0.2)
  x <- cbind(pre, ctx$x[, 1:5], ctx$x[, 6:7], 1, ctx$x[, 1] + ctx$x[, 3])
  y <- rbinom(n, 1, pmin(1, (0.05 + 0.3 * pre + 0.03 * ctx$x[, 3]) * lift))
  list(y = y, x = x)
}
A <- mk_singular(1200, 1); B <- mk_singular(1300, 1.2)
compare("singular", A$y, A$x, B$y, B$x)

# 5. Few units for many covariates.
set.seed(505)
A <- mk_revenue(25, 1); B <- mk_revenue(30, 1.1)
compare("small", A$y, A$x, B$y, B$x)

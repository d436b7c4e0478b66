# Unit-level data and reference figures for CupedReportIT. Run (R 4.x with numDeriv):
#   Rscript cuped_report_reference.R
# It writes cuped_report_units.csv (the units the test sends through the real server as events) and
# cuped_report_reference.R.out (what the report must show, to 1e-6).
#
# Per unit: arm (A control, B treatment), the context recorded at first exposure (device, channel, intent,
# returning; "" for none), the metric's conversions before the exposure as "daysBefore:value" pairs, and its
# conversions after it. The report's definitions: y = the unit's total after exposure; x0 = its total over the
# 14 UTC days before the day of its first exposure (daysBefore 1..14; the decoys at 0 = the exposure day before the
# exposure, 15 and 20 are left out); then one-hot device (desktop|mobile|tablet), channel
# (direct|search|social|email|ad|referral), intent (know|go|do|buy), returning (false|true), first level dropped,
# any other value (or none) counting as the first level.
# Reference: lm(y ~ arm + x) for β (NA columns dropped), adjusted means m_a = mean(y_a) - (colMeans(x_a) - colMeans(x)) β,
# per-arm residual variances, the relative lift's variance by numDeriv's numerical gradient of m_B / m_A - 1 (not the
# Java formulas), Welch df, 95 % t interval and p-value; unadjusted = the same with β = 0.
suppressPackageStartupMessages(library(numDeriv))
g <- function(x) sprintf("%.12g", x)
set.seed(2026)

levels_of <- list(device = c("desktop", "mobile", "tablet"),
                  channel = c("direct", "search", "social", "email", "ad", "referral"),
                  intent = c("know", "go", "do", "buy"), returning = c("false", "true"))
onehot <- function(values, levels) {
  values[!(values %in% levels)] <- levels[1]
  matrix(sapply(levels[-1], function(l) as.numeric(values == l)), nrow = length(values))
}

pairs <- function(d, v) if (length(d)) paste0(d, ":", v) else character(0)

make_arm <- function(arm, n, lift) {
  device <- sample(c("desktop", "mobile", "tablet", ""), n, TRUE, c(0.45, 0.4, 0.1, 0.05))
  channel <- sample(c("direct", "search", "social", "email", "ad", "referral", "tv"), n, TRUE,
                    c(0.3, 0.25, 0.15, 0.1, 0.1, 0.05, 0.05))
  intent <- sample(c("know", "go", "do", "buy"), n, TRUE, c(0.4, 0.2, 0.2, 0.2))
  returning <- sample(c("false", "true"), n, TRUE, c(0.6, 0.4))
  rows <- vector("list", n)
  for (i in seq_len(n)) {
    active <- if (returning[i] == "true") 1.5 else 0.3
    k <- rpois(1, active * 2)
    days <- sample(1:14, k, TRUE); vals <- round(rexp(k, 1 / 15), 2)
    # decoys: the exposure day before exposure, and outside the lookback
    dk <- rbinom(1, 2, 0.2)
    ddays <- sample(c(0, 15, 20), dk, TRUE); dvals <- round(rexp(dk, 1 / 15), 2)
    pre <- sum(vals)
    mean_y <- (0.6 * pre + 6 * (intent[i] == "buy") + 3 * (device[i] == "desktop") + 2) * lift
    m <- rpois(1, 0.8)
    post <- if (m > 0 && runif(1) < 0.7) round(rexp(m, m / mean_y), 2) else numeric(0)
    rows[[i]] <- data.frame(arm = arm, device = device[i], channel = channel[i], intent = intent[i],
                            returning = returning[i],
                            pre = paste(c(pairs(days, vals), pairs(ddays, dvals)), collapse = ";"),
                            post = paste(post, collapse = ";"), stringsAsFactors = FALSE)
  }
  do.call(rbind, rows)
}

units <- rbind(make_arm("A", 260, 1), make_arm("B", 240, 1.1))
write.csv(units, "cuped_report_units.csv", row.names = FALSE, quote = TRUE)

parse_sum <- function(s, keep) {
  if (is.na(s) || s == "") return(0)
  parts <- strsplit(strsplit(s, ";")[[1]], ":")
  sum(sapply(parts, function(p) if (keep(as.numeric(p[1]))) as.numeric(p[2]) else 0))
}
y <- sapply(units$post, function(s) if (is.na(s) || s == "") 0 else sum(as.numeric(strsplit(s, ";")[[1]])))
x0 <- sapply(units$pre, parse_sum, keep = function(d) d >= 1 && d <= 14)
x <- cbind(x0, onehot(units$device, levels_of$device), onehot(units$channel, levels_of$channel),
           onehot(units$intent, levels_of$intent), onehot(units$returning, levels_of$returning))
arm <- as.numeric(units$arm == "B")
yA <- y[arm == 0]; yB <- y[arm == 1]; xA <- x[arm == 0, , drop = FALSE]; xB <- x[arm == 1, , drop = FALSE]

fit <- lm(y ~ arm + x)
beta <- coef(fit)[-(1:2)]
beta[is.na(beta)] <- 0
summarise <- function(label, b) {
  xbar <- colMeans(x)
  mA <- mean(yA) - sum((colMeans(xA) - xbar) * b)
  mB <- mean(yB) - sum((colMeans(xB) - xbar) * b)
  vA <- var(yA - xA %*% b)[1] / length(yA); vB <- var(yB - xB %*% b)[1] / length(yB)
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
  r <- mB / mA - 1; seR <- sqrt(relVar)
  cat(label, "relativeLift", g(r), "ciLow", g(r - q * seR), "ciHigh", g(r + q * seR),
      "pValue", g(2 * pt(-abs(r / seR), df)), "absoluteLift", g(mB - mA), "\n")
  vA + vB
}
sink("cuped_report_reference.R.out")
cat("units", nrow(units), "armCoefficient", g(coef(fit)[2]), "na", sum(is.na(coef(fit))), "\n")
adj <- summarise("adjusted", beta)
raw <- summarise("unadjusted", rep(0, ncol(x)))
cat("varianceReduction", g(1 - adj / raw), "\n")
sink()

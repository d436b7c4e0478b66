# Reference values for stats.InteractionTest (the message-match interaction test of the ad segment).
# For each table: the likelihood-ratio test of the ad x landing interaction in a binomial GLM,
# anova(additive, full, test = "Chisq"), as R's base stats computes it.
# Run: Rscript message_match_reference.R > message_match_reference.R.out
# Output, one line per case: name|rows|cols|units (row-major)|conversions (row-major)|deviance|df|p
cases <- list(
  list(name = "match_2x2", units = c(1000, 1000, 1000, 1000), conv = c(120, 80, 70, 130), rows = 2),
  list(name = "no_interaction_2x2", units = c(800, 1200, 900, 1100), conv = c(80, 144, 90, 132), rows = 2),
  list(name = "ad_3x2", units = c(500, 520, 480, 510, 530, 490), conv = c(60, 40, 45, 70, 50, 52), rows = 3),
  list(name = "landing_2x3", units = c(300, 310, 290, 305, 295, 300), conv = c(30, 45, 20, 40, 25, 33), rows = 2),
  list(name = "zero_cell_2x2", units = c(200, 150, 180, 170), conv = c(0, 12, 9, 15), rows = 2),
  list(name = "small_3x3", units = c(40, 35, 50, 45, 38, 42, 36, 44, 41), conv = c(5, 9, 4, 12, 6, 7, 3, 8, 10), rows = 3),
  list(name = "unbalanced_2x2", units = c(5000, 120, 90, 4800), conv = c(510, 30, 8, 470), rows = 2),
  # server/src/test/java/dev/moments/server/http/AdPathIT: ad a, b (rows) x landing control, match
  list(name = "ad_path_it", units = c(60, 60, 60, 60), conv = c(18, 9, 6, 21), rows = 2)
)
for (c in cases) {
  cols <- length(c$units) / c$rows
  ad <- factor(rep(seq_len(c$rows), each = cols))
  landing <- factor(rep(seq_len(cols), times = c$rows))
  y <- c$conv
  n <- c$units
  additive <- glm(cbind(y, n - y) ~ ad + landing, family = binomial, control = glm.control(epsilon = 1e-12, maxit = 100))
  full <- glm(cbind(y, n - y) ~ ad * landing, family = binomial, control = glm.control(epsilon = 1e-12, maxit = 100))
  a <- anova(additive, full, test = "Chisq")
  cat(sprintf("%s|%d|%d|%s|%s|%.12g|%d|%.12g\n", c$name, c$rows, cols,
              paste(n, collapse = ","), paste(y, collapse = ","),
              a$Deviance[2], a$Df[2], a$`Pr(>Chi)`[2]))
}

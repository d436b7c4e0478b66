package dev.moments.server.report;

import dev.moments.server.store.BanditUpdates;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The weights an experiment ran with over time: each period from its start to the next one's, the
 * last open. A sticky experiment whose weights were changed while running (and, later, a bandit)
 * has several; the report then checks the split and estimates each arm per period instead of
 * against today's weights alone (server/README.md, "Changing splits").
 *
 * <p>The fold counts a sticky experiment's units by the weight period they entered in ({@code
 * $period}), so the report reads each period's units against that period's weights ({@link
 * #sharesOfSet}). Where it has no such rows (a segment, a date range, units folded before the
 * periods were kept) it falls back to the day of first exposure and reads a day's expected split as
 * the mix of the periods overlapping it, each by the time it covered that day (and up to now):
 * exact when weights change at midnight UTC, otherwise it assumes the traffic of a day is spread
 * evenly over its hours ({@link #sharesOn}).
 */
public final class WeightPeriods {

  /**
   * @param weights variant → weight (any non-negative scale, shares are weight / total); a variant
   *     absent had none (it was added later)
   */
  public record Period(Instant from, Map<String, Double> weights) {
    public Period {
      Objects.requireNonNull(from, "from");
      weights = Map.copyOf(weights);
      if (weights.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
        throw new IllegalArgumentException("a period needs a positive weight: " + weights);
      }
    }

    double share(String variant) {
      double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
      return weights.getOrDefault(variant, 0.0) / total;
    }
  }

  /** The weights before a change, and when the change replaced them. */
  public record Replaced(Instant at, Map<String, Double> weights) {}

  private final List<Period> periods;

  /**
   * Each set of variants the experiment ran with (its index is the fold's {@code $period} value):
   * the weights of the first period of that set.
   */
  private final Map<Integer, Period> sets;

  private WeightPeriods(List<Period> periods) {
    this(periods, Map.of());
  }

  private WeightPeriods(List<Period> periods, Map<Integer, Period> sets) {
    this.periods = List.copyOf(periods);
    this.sets = Map.copyOf(sets);
  }

  /**
   * The periods of {@code GET /experiments/{key}/weights} ({@link BanditUpdates#weightHistory}),
   * oldest first: the report reads the history where the route does, so the two name the same
   * periods with the same weights.
   */
  public static WeightPeriods of(List<BanditUpdates.WeightPeriod> history) {
    if (history.isEmpty()) {
      throw new IllegalArgumentException("a started experiment has at least one period");
    }
    List<Period> periods = new ArrayList<>();
    Map<Integer, Period> sets = new HashMap<>();
    for (BanditUpdates.WeightPeriod p : history) {
      Period period = new Period(p.at(), p.weights());
      periods.add(period);
      sets.putIfAbsent(p.set(), period);
    }
    return new WeightPeriods(periods, sets);
  }

  /**
   * Each variant's share in the weight period the fold numbered {@code set} ({@code $period}); null
   * when the history has no such set.
   */
  double[] sharesOfSet(int set, List<String> variants) {
    Period period = sets.get(set);
    if (period == null) {
      return null;
    }
    double[] shares = new double[variants.size()];
    for (int i = 0; i < shares.length; i++) {
      shares[i] = period.share(variants.get(i));
    }
    return shares;
  }

  /** Whether the history has the weight period the fold numbered {@code set} ({@code $period}). */
  boolean namesSet(int set) {
    return sets.containsKey(set);
  }

  /** One period: the weights never changed. */
  public static WeightPeriods constant(Map<String, Double> weights) {
    return new WeightPeriods(List.of(new Period(Instant.EPOCH, weights)));
  }

  /**
   * @param startedAt when the experiment first ran
   * @param replaced the weights before each change while running, oldest first
   * @param current the weights of now
   */
  public static WeightPeriods of(
      Instant startedAt, List<Replaced> replaced, Map<String, Double> current) {
    List<Period> periods = new ArrayList<>();
    Instant from = startedAt;
    for (Replaced r : replaced) {
      // a change made before the start (the draft's) is no period of the run
      if (r.at().isAfter(from)) {
        periods.add(new Period(from, r.weights()));
        from = r.at();
      }
    }
    periods.add(new Period(from, current));
    return new WeightPeriods(periods);
  }

  public List<Period> periods() {
    return periods;
  }

  /** Whether the shares differ between periods: only then does the report weight by period. */
  public boolean changed() {
    Period first = periods.get(0);
    return periods.stream()
        .anyMatch(
            p ->
                !p.weights().keySet().equals(first.weights().keySet())
                    || p.weights().keySet().stream()
                        .anyMatch(v -> Math.abs(p.share(v) - first.share(v)) > 1e-12));
  }

  /**
   * Each variant's expected share of the units first exposed on {@code day}: the periods' shares
   * mixed by the time each covered of the day up to {@code now}; a day outside the run takes the
   * nearest period's.
   */
  public double[] sharesOn(LocalDate day, Instant now, List<String> variants) {
    Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant dayEnd = dayStart.plus(Duration.ofDays(1));
    Instant end = now.isBefore(dayEnd) ? now : dayEnd;
    double[] shares = new double[variants.size()];
    double covered = 0;
    for (int p = 0; p < periods.size(); p++) {
      Instant from = max(periods.get(p).from(), dayStart);
      Instant to = p + 1 < periods.size() ? min(periods.get(p + 1).from(), end) : end;
      double seconds = Duration.between(from, to).toMillis() / 1000.0;
      if (seconds > 0) {
        covered += seconds;
        for (int i = 0; i < shares.length; i++) {
          shares[i] += seconds * periods.get(p).share(variants.get(i));
        }
      }
    }
    if (covered == 0) {
      Period nearest = dayEnd.isAfter(periods.get(0).from()) ? last(dayStart) : periods.get(0);
      for (int i = 0; i < shares.length; i++) {
        shares[i] = nearest.share(variants.get(i));
      }
      return shares;
    }
    for (int i = 0; i < shares.length; i++) {
      shares[i] /= covered;
    }
    return shares;
  }

  /** The last period that began before {@code at}. */
  private Period last(Instant at) {
    Period found = periods.get(0);
    for (Period p : periods) {
      if (p.from().isBefore(at)) {
        found = p;
      }
    }
    return found;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}

package dev.moments.server.rollup;

import dev.moments.sdk.VariantDefinition;
import dev.moments.server.events.Event;
import dev.moments.server.events.Exclusion;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Seeded random traffic: units exposed to two experiments, some twice, some to two variants, some
 * forced, some through ad clicks, some excluded by what their request said, a few naming an
 * experiment that does not exist, with conversions before and after their exposure, every timestamp
 * distinct so that order is never a tie. exp-a is paused for half a day and exp-b, an ad
 * experiment, stops on the last day, so events fall before, inside and after running periods.
 */
final class RandomEvents {
  static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
  static final int DAYS = 7;
  static final List<String> EXPERIMENTS = List.of("exp-a", "exp-b");
  static final List<String> METRICS = List.of("signup", "purchase", "revenue");
  static final String GHOST = "exp-ghost";

  /** exp-a: started the day before the traffic, paused from day 3 noon to day 4. */
  static final ExperimentFacts EXP_A = expA(RollupFixture.RULES_A);

  /**
   * exp-a with CUPED: a 2-day lookback, so that pre-period totals of the 7 days of traffic both
   * fall inside and outside it.
   */
  static final ExperimentFacts EXP_A_CUPED =
      expA(
          new FoldRules(
              RollupFixture.RULES_A.funnel(),
              RollupFixture.RULES_A.caps(),
              RollupFixture.RULES_A.ratios(),
              RollupFixture.RULES_A.windows(),
              new CupedFold(2, Map.of("signup", true, "purchase", true, "revenue", false))));

  private static ExperimentFacts expA(FoldRules rules) {
    return new ExperimentFacts(
        "exp-a",
        "salt-a",
        List.of(variant("control", null), variant("bold", null)),
        List.of(
            transition("draft", START.minus(Duration.ofDays(2))),
            transition("running", START.minus(Duration.ofDays(1))),
            transition("paused", START.plus(Duration.ofHours(3 * 24 + 12))),
            transition("running", START.plus(Duration.ofDays(4)))),
        rules);
  }

  /** exp-b: an ad experiment, started an hour into the traffic, stopped on day 6. */
  static final ExperimentFacts EXP_B =
      new ExperimentFacts(
          "exp-b",
          "salt-b",
          List.of(variant("control", "ad"), variant("x", "ad"), variant("y", "ad")),
          List.of(
              transition("draft", START.minus(Duration.ofDays(1))),
              transition("running", START.plus(Duration.ofHours(1))),
              transition("stopped", START.plus(Duration.ofDays(6)))),
          FoldRules.NONE);

  static final Function<String, ExperimentFacts> FACTS =
      e -> e.equals("exp-a") ? EXP_A : e.equals("exp-b") ? EXP_B : null;

  static final Function<String, ExperimentFacts> FACTS_CUPED =
      e -> e.equals("exp-a") ? EXP_A_CUPED : e.equals("exp-b") ? EXP_B : null;

  private static final String[][] VARIANTS = {{"control", "bold"}, {"control", "x", "y"}};
  private static final String[] DEVICES = {"mobile", "desktop", null};

  private final Random random;
  private final Set<Long> usedSeconds = new HashSet<>();
  private int nextId;

  RandomEvents(long seed) {
    random = new Random(seed);
  }

  private static VariantDefinition variant(String key, String kind) {
    return new VariantDefinition(key, key.equals("bold") ? 40 : 60, null, kind);
  }

  private static ExperimentFacts.Transition transition(String status, Instant at) {
    return new ExperimentFacts.Transition(status, at);
  }

  /** The distinct events, in generation order. */
  List<Event> generate(int units) {
    List<Event> events = new ArrayList<>();
    for (int u = 0; u < units; u++) {
      String unit = "unit-" + u;
      for (int e = 0; e < EXPERIMENTS.size(); e++) {
        if (random.nextDouble() < 0.7) {
          exposures(events, unit, e);
        }
      }
      if (random.nextDouble() < 0.03) {
        events.add(Event.exposure(id(), unit, GHOST, "control", time(), false, null));
      }
      int conversions = random.nextInt(5);
      for (int c = 0; c < conversions; c++) {
        String metric = METRICS.get(random.nextInt(METRICS.size()));
        double value = metric.equals("revenue") ? 1 + random.nextInt(20) : 1.0;
        Event conversion = Event.conversion(id(), unit, metric, value, time(), null);
        events.add(
            random.nextDouble() < 0.03 ? conversion.excludedBecause(Exclusion.BOT) : conversion);
      }
    }
    return events;
  }

  private void exposures(List<Event> events, String unit, int e) {
    ExperimentFacts facts = FACTS.apply(EXPERIMENTS.get(e));
    String[] variants = VARIANTS[e];
    boolean ad = e == 1 && random.nextDouble() < 0.5;
    // mostly the variant the hash gives; an ad click names any; a few implausible ones
    String variant =
        ad || random.nextDouble() < 0.06
            ? variants[random.nextInt(variants.length)]
            : facts.hashVariant(unit);
    String device = DEVICES[random.nextInt(DEVICES.length)];
    JsonObject attributes =
        device == null
            ? new JsonObject().put("channel", "search")
            : new JsonObject().put("device", device);
    boolean forced = random.nextDouble() < 0.06;
    events.add(
        admitted(
            Event.exposure(id(), unit, EXPERIMENTS.get(e), variant, time(), forced, attributes),
            ad && !forced));
    if (random.nextDouble() < 0.3) {
      events.add(
          admitted(
              Event.exposure(id(), unit, EXPERIMENTS.get(e), variant, time(), false, null), ad));
    }
    if (random.nextDouble() < 0.08) {
      String other = variants[(indexOf(variants, variant) + 1) % variants.length];
      events.add(
          admitted(
              Event.exposure(id(), unit, EXPERIMENTS.get(e), other, time(), false, null),
              ad || random.nextBoolean()));
    }
  }

  /** As an ad click if {@code ad}, and now and then excluded as the request could have made it. */
  private Event admitted(Event exposure, boolean ad) {
    Event e = ad ? exposure.asAd() : exposure;
    double r = random.nextDouble();
    if (r < 0.03) {
      return e.excludedBecause(Exclusion.BOT);
    }
    if (r < 0.06 && (e.forced() || e.isAd())) {
      return e.excludedBecause(e.forced() ? Exclusion.UNSIGNED_FORCE : Exclusion.UNSIGNED_AD);
    }
    if (r < 0.07) {
      return e.excludedBecause(Exclusion.MANY_UNITS);
    }
    return e;
  }

  /** The events shuffled, with about 5% of them sent a second time. */
  List<Event> arrivalOrder(List<Event> distinct) {
    List<Event> sent = new ArrayList<>(distinct);
    for (Event e : distinct) {
      if (random.nextDouble() < 0.05) {
        sent.add(e);
      }
    }
    Collections.shuffle(sent, random);
    return sent;
  }

  Random random() {
    return random;
  }

  private String id() {
    return "ev-" + (nextId++);
  }

  private Instant time() {
    long second;
    do {
      second = random.nextInt(DAYS * 86_400);
    } while (!usedSeconds.add(second));
    return START.plusSeconds(second);
  }

  private static int indexOf(String[] values, String value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i].equals(value)) {
        return i;
      }
    }
    throw new IllegalArgumentException(value);
  }
}

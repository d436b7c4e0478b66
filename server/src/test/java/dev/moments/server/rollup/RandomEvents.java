package dev.moments.server.rollup;

import dev.moments.server.events.Event;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Seeded random traffic: units exposed to two experiments, some twice, some to two variants, some
 * forced, with conversions before and after their exposure, every timestamp distinct so that order
 * is never a tie.
 */
final class RandomEvents {
  static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
  static final int DAYS = 7;
  static final List<String> EXPERIMENTS = List.of("exp-a", "exp-b");
  static final List<String> METRICS = List.of("signup", "purchase", "revenue");
  private static final String[][] VARIANTS = {{"control", "bold"}, {"control", "x", "y"}};
  private static final String[] DEVICES = {"mobile", "desktop", null};

  private final Random random;
  private final Set<Long> usedSeconds = new HashSet<>();
  private int nextId;

  RandomEvents(long seed) {
    random = new Random(seed);
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
      int conversions = random.nextInt(5);
      for (int c = 0; c < conversions; c++) {
        String metric = METRICS.get(random.nextInt(METRICS.size()));
        double value = metric.equals("revenue") ? 1 + random.nextInt(20) : 1.0;
        events.add(Event.conversion(id(), unit, metric, value, time(), null));
      }
    }
    return events;
  }

  private void exposures(List<Event> events, String unit, int e) {
    String[] variants = VARIANTS[e];
    String variant = variants[random.nextInt(variants.length)];
    String device = DEVICES[random.nextInt(DEVICES.length)];
    JsonObject attributes =
        device == null
            ? new JsonObject().put("channel", "search")
            : new JsonObject().put("device", device);
    events.add(
        Event.exposure(
            id(),
            unit,
            EXPERIMENTS.get(e),
            variant,
            time(),
            random.nextDouble() < 0.04,
            attributes));
    if (random.nextDouble() < 0.3) {
      events.add(Event.exposure(id(), unit, EXPERIMENTS.get(e), variant, time(), false, null));
    }
    if (random.nextDouble() < 0.06) {
      String other = variants[(indexOf(variants, variant) + 1) % variants.length];
      events.add(Event.exposure(id(), unit, EXPERIMENTS.get(e), other, time(), false, null));
    }
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

package dev.moments.server.events;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;

/** A group's events as the twelve column arrays of {@link GroupCommit#INSERT}. */
final class EventColumns {
  private EventColumns() {}

  static Tuple of(Collection<Event> events) {
    int n = events.size();
    String[] id = new String[n],
        type = new String[n],
        unit = new String[n],
        experiment = new String[n];
    String[] variant = new String[n], metric = new String[n], attributes = new String[n];
    Double[] value = new Double[n];
    OffsetDateTime[] ts = new OffsetDateTime[n];
    Boolean[] forced = new Boolean[n];
    String[] source = new String[n], excluded = new String[n];
    int i = 0;
    for (Event e : events) {
      id[i] = e.id();
      type[i] = e.type().wire();
      unit[i] = e.unitId();
      experiment[i] = e.experiment();
      variant[i] = e.variant();
      metric[i] = e.metric();
      value[i] = e.isExposure() ? null : e.value();
      ts[i] = OffsetDateTime.ofInstant(e.timestamp(), ZoneOffset.UTC);
      forced[i] = e.forced();
      JsonObject a = e.attributes();
      attributes[i] = a == null ? null : AttributesJson.encode(a);
      source[i] = e.source();
      excluded[i] = e.excluded() == null ? null : e.excluded().wire();
      i++;
    }
    return Tuple.of(id, type, unit, experiment, variant, metric, value, ts, forced, attributes)
        .addValue(source)
        .addValue(excluded);
  }
}

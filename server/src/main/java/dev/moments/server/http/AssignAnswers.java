package dev.moments.server.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.moments.sdk.Assignment;
import dev.moments.server.assignment.SdkConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The body of an /assign answer, {@code {"unitId":…,"assignments":[…]}}, byte for byte what
 * encoding it as a {@link JsonObject} gives, without building and serialising that object on every
 * request: an assignment's JSON depends only on the assignment, whether it was logged and the
 * configuration's payloads, so each is encoded once per configuration and kept; only the unit id is
 * written per request. It forgets everything when the configuration changes, and when it holds
 * {@link #MAX_ITEMS} (a bound whatever the traffic). Safe from any thread: a request's answer may
 * be written on another event loop when it waited for a configuration that one loaded.
 */
final class AssignAnswers {
  static final int MAX_ITEMS = 10_000;
  private static final byte[] HEAD = "{\"unitId\":\"".getBytes(StandardCharsets.UTF_8);
  private static final byte[] LIST = "\",\"assignments\":[".getBytes(StandardCharsets.UTF_8);
  private static final byte[] TAIL = "]}".getBytes(StandardCharsets.UTF_8);

  /** Escapes a string as the Jackson generator behind {@link JsonObject#encode} does. */
  private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();

  private record Item(Assignment assignment, boolean logged) {}

  /** The items encoded for one configuration. */
  private record Encoded(SdkConfig config, Map<Item, byte[]> items) {}

  private volatile Encoded encoded = new Encoded(null, Map.of());

  Buffer encode(SdkConfig config, String unitId, List<Assignment> assignments, boolean logged) {
    Encoded now = encoded;
    if (now.config() != config || now.items().size() >= MAX_ITEMS) {
      now = new Encoded(config, new ConcurrentHashMap<>());
      encoded = now;
    }
    Map<Item, byte[]> items = now.items();
    byte[] id = STRINGS.quoteAsUTF8(unitId);
    Buffer body = Buffer.buffer(HEAD.length + id.length + LIST.length + 160 * assignments.size());
    body.appendBytes(HEAD).appendBytes(id).appendBytes(LIST);
    for (int i = 0; i < assignments.size(); i++) {
      if (i > 0) {
        body.appendByte((byte) ',');
      }
      Assignment a = assignments.get(i);
      body.appendBytes(items.computeIfAbsent(new Item(a, logged), k -> item(config, k)));
    }
    return body.appendBytes(TAIL);
  }

  /** Items held now. */
  int held() {
    return encoded.items().size();
  }

  /** The JSON of one assignment, as the answer always encoded it. */
  static JsonObject json(SdkConfig config, Assignment a, boolean logged) {
    JsonObject item =
        new JsonObject()
            .put("moment", a.moment())
            .put("experiment", a.experiment())
            .put("variant", a.variant())
            .put("payload", config.payload(a.experiment(), a.variant()))
            .put("logged", logged && !a.rollout());
    if (a.forced()) {
      item.put("forced", true);
    }
    if (a.rollout()) {
      item.put("rollout", true);
    }
    if (a.ad()) {
      item.put("ad", true);
    }
    return item;
  }

  private static byte[] item(SdkConfig config, Item key) {
    return json(config, key.assignment(), key.logged()).toBuffer().getBytes();
  }
}

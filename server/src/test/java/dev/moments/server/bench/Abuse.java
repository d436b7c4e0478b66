package dev.moments.server.bench;

import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RawHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Issue 17's abuse scenarios against a running server process, each with bounded loops: hostile
 * requests (fuzz), thousands of slow clients, and a database frozen by SIGSTOP. Each prints the
 * requests made, the 5xx answers, the hangs (no answer within the bound) and the server's RSS.
 *
 * <p>{@code port=8080 admin=KEY pid=SERVER_PID [postmaster=PID] [fuzz=1200] [slow=2000] [hold=45]
 * [freeze=20]}; see server/bench/abuse.sh.
 */
public final class Abuse {
  static final int ANSWER_MS = 10_000;

  /** An honest request among thousands of slow clients, on a loaded 2-core machine. */
  static final int HONEST_MS = 30_000;

  static final int HUNG = -2;
  static final int CLOSED = -1;
  static final String ATTACKER = "127.0.0.2";

  /** What one scenario did. */
  public record Tally(
      String scenario,
      int requests,
      int errors5xx,
      int unavailable503,
      int hangs,
      long rssBeforeKb,
      long rssPeakKb) {
    @Override
    public String toString() {
      return String.format(
          "%-12s requests=%d 5xx=%d (of which 503: %d) hangs=%d rss_before=%d MB rss_peak=%d MB",
          scenario,
          requests,
          errors5xx,
          unavailable503,
          hangs,
          rssBeforeKb / 1024,
          rssPeakKb / 1024);
    }
  }

  private final int port;
  private final long pid;
  private final String adminKey;
  private final String clientKey;

  public Abuse(int port, String adminKey, long pid) {
    this.port = port;
    this.pid = pid;
    this.adminKey = adminKey;
    this.clientKey = setUp(port, adminKey);
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = Args.parse(argv);
    Abuse abuse =
        new Abuse(
            Integer.parseInt(args.get("port")), args.get("admin"), Long.parseLong(args.get("pid")));
    System.out.println(abuse.fuzz(Integer.parseInt(args.getOrDefault("fuzz", "1200"))));
    System.out.println(
        abuse.slowClients(
            Integer.parseInt(args.getOrDefault("slow", "2000")),
            Integer.parseInt(args.getOrDefault("hold", "45")) * 1000L));
    if (args.containsKey("postmaster")) {
      System.out.println(
          abuse.outage(
              Long.parseLong(args.get("postmaster")),
              Integer.parseInt(args.getOrDefault("freeze", "20")) * 1000L));
    }
  }

  /** A running experiment on moment {@code abuse.m} and a client key for it. */
  private static String setUp(int port, String admin) {
    post(port, admin, "/api/v1/moments", Fixtures.moment("abuse.m", "FMOT"));
    post(
        port,
        admin,
        "/api/v1/experiments",
        Fixtures.experiment("abuse", "abuse.m").put("trafficPercent", 100).putNull("targeting"));
    post(port, admin, "/api/v1/experiments/abuse/start", null);
    String key =
        new JsonObject(
                post(
                        port,
                        admin,
                        "/api/v1/keys",
                        new JsonObject().put("kind", "client").put("name", "abuse"))
                    .body())
            .getString("key");
    // in use before the attack, as a site's key is: the failed-authentication limit of an address
    // stops keys this server does not know yet, not known ones
    RawHttp.exchange(port, "GET", "/api/v1/sdk/config", key, null, ANSWER_MS);
    return key;
  }

  /** A set-up call, which must succeed. */
  private static RawHttp.Response post(int port, String key, String path, JsonObject body) {
    RawHttp.Response response =
        RawHttp.exchange(port, "POST", path, key, body == null ? null : body.encode(), ANSWER_MS);
    if (response.status() >= 300) {
      throw new IllegalStateException("POST " + path + ": " + response.body());
    }
    return response;
  }

  /** Hostile requests, round robin over the kinds the audit sent; each must get a 4xx. */
  public Tally fuzz(int requests) {
    List<byte[]> kinds = FuzzRequests.all(clientKey);
    long before = rssKb();
    long peak = before;
    int errors = 0;
    int unavailable = 0;
    int hangs = 0;
    for (int i = 0; i < requests; i++) {
      int status = exchange(kinds.get(i % kinds.size()));
      errors += status >= 500 ? 1 : 0;
      unavailable += status == 503 ? 1 : 0;
      hangs += status == HUNG ? 1 : 0;
      peak = i % 100 == 0 ? Math.max(peak, rssKb()) : peak;
    }
    return new Tally("fuzz", requests, errors, unavailable, hangs, before, Math.max(peak, rssKb()));
  }

  /**
   * {@code count} connections at once from one address: a third send a 1 MiB body without a key and
   * stop one byte short, a third the same with a valid key after 16 KiB, a third never finish their
   * headers. Meanwhile an honest /assign must be answered (within 30 s); every slow one must be
   * closed by the server within {@code holdMs} of them all being open; one still open then is a
   * hang.
   */
  public Tally slowClients(int count, long holdMs) throws Exception {
    long before = rssKb();
    List<RawHttp> held = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<RawHttp>> opening = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int kind = i % 3;
        opening.add(pool.submit(() -> slowClient(kind)));
      }
      for (Future<RawHttp> f : opening) {
        held.add(f.get());
      }
    } finally {
      pool.shutdown();
    }
    long peak = Math.max(before, rssKb());
    int honest = exchange(assignRequest("honest"), HONEST_MS);
    if (honest != 200) {
      System.err.println("the honest /assign among the slow clients got " + honest);
    }
    int errors = honest >= 500 ? 1 : 0;
    int hangs = honest == HUNG || honest == CLOSED ? 1 : 0;
    long deadline = System.nanoTime() + holdMs * 1_000_000L;
    for (int i = 0; i < held.size(); i++) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      if (!held.get(i).closedWithin((int) left)) {
        System.err.println("slow client " + i + " (kind " + i % 3 + ") still open");
        hangs++;
      }
      held.get(i).close();
      peak = i % 200 == 0 ? Math.max(peak, rssKb()) : peak;
    }
    return new Tally("slow-clients", count + 1, errors, honest == 503 ? 1 : 0, hangs, before, peak);
  }

  /** A slow client, from another address than the honest requests (127.0.0.2: loopback too). */
  private RawHttp slowClient(int kind) {
    RawHttp raw = RawHttp.connect("127.0.0.1", port, ATTACKER);
    String head = "POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
    try {
      switch (kind) {
        case 0 -> raw.send(head + "Content-Length: 1048576\r\n\r\n").send(new byte[1048575]);
        case 1 ->
            raw.send(head + "Authorization: Bearer " + clientKey + "\r\n")
                .send("Content-Length: 1048576\r\n\r\n")
                .send(new byte[16384]);
        default -> raw.send(head + "X-Slow: a");
      }
    } catch (UncheckedIOException e) {
      // the server closed it early: what it should do with a request it will not serve
    }
    return raw;
  }

  /**
   * Every PostgreSQL process of {@code postmaster} frozen for {@code freezeMs}; meanwhile the SDK
   * config, /assign, /events, an admin read and /health, in turn, one at a time (each waits up to
   * the statement timeout, so the count is small). Expected: the config 200 (stale), the others
   * 503. Then resumed; /health must be 200 again within 60 s (counted as a hang otherwise).
   */
  public Tally outage(long postmaster, long freezeMs) throws Exception {
    List<byte[]> calls =
        List.of(
            request("GET", "/api/v1/sdk/config", clientKey, null),
            assignRequest("frozen"),
            request("POST", "/api/v1/events", clientKey, FuzzRequests.event("frozen", "u")),
            request("GET", "/api/v1/experiments", adminKey, null),
            request("GET", "/health", null, null));
    List<ProcessHandle> frozen = new ArrayList<>();
    ProcessHandle.of(postmaster).ifPresent(frozen::add);
    frozen.addAll(frozen.get(0).descendants().toList());
    long before = rssKb();
    int requests = 0;
    int errors = 0;
    int unavailable = 0;
    int hangs = 0;
    signal("STOP", frozen);
    try {
      long end = System.nanoTime() + freezeMs * 1_000_000L;
      while (System.nanoTime() < end) {
        int status = exchange(calls.get(requests++ % calls.size()));
        errors += status >= 500 ? 1 : 0;
        unavailable += status == 503 ? 1 : 0;
        hangs += status == HUNG ? 1 : 0;
      }
    } finally {
      signal("CONT", frozen);
    }
    long recovered = System.nanoTime() + 60_000_000_000L;
    while (exchange(calls.get(4)) != 200 && System.nanoTime() < recovered) {
      Thread.onSpinWait();
    }
    hangs += System.nanoTime() >= recovered ? 1 : 0;
    return new Tally("db-frozen", requests, errors, unavailable, hangs, before, rssKb());
  }

  private static void signal(String sig, List<ProcessHandle> processes) throws Exception {
    List<String> command = new ArrayList<>(List.of("kill", "-" + sig));
    processes.forEach(p -> command.add(Long.toString(p.pid())));
    new ProcessBuilder(command).inheritIO().start().waitFor();
  }

  private byte[] assignRequest(String unit) {
    JsonObject body =
        new JsonObject().put("unitId", unit).put("moments", new JsonArray().add("abuse.m"));
    return request("POST", "/api/v1/assign", clientKey, body.encode());
  }

  static byte[] request(String method, String path, String key, String body) {
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: x\r\n");
    if (key != null) {
      head.append("Authorization: Bearer ").append(key).append("\r\n");
    }
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      head.append("Content-Type: application/json\r\nContent-Length: ").append(bytes.length);
      head.append("\r\n");
    }
    byte[] start = head.append("Connection: close\r\n\r\n").toString().getBytes();
    byte[] all = new byte[start.length + bytes.length];
    System.arraycopy(start, 0, all, 0, start.length);
    System.arraycopy(bytes, 0, all, start.length, bytes.length);
    return all;
  }

  /** The status, {@link #CLOSED} (closed without an answer) or {@link #HUNG}. */
  private int exchange(byte[] request) {
    return exchange(request, ANSWER_MS);
  }

  private int exchange(byte[] request, int answerMs) {
    try (RawHttp raw = RawHttp.connect("127.0.0.1", port)) {
      try {
        raw.send(request);
      } catch (UncheckedIOException e) {
        // closed while sending: read what it answered first, if anything
      }
      return raw.read(answerMs).status();
    } catch (UncheckedIOException e) {
      return e.getCause() instanceof java.net.SocketTimeoutException ? HUNG : CLOSED;
    }
  }

  /** The server's resident set, in KiB (Linux). */
  public long rssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      return -1;
    } catch (IOException e) {
      return -1;
    }
  }
}

package dev.moments.server.testing;

import dev.moments.server.MomentsServer;
import dev.moments.server.config.BackgroundJobs;
import dev.moments.server.config.Listeners;
import dev.moments.server.config.MomentsConfig;
import dev.moments.server.config.QuotaDefaults;
import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.events.EventBatchParser;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A real server in this JVM on its own fresh database, and a client to call it as the SDKs would.
 */
public final class RunningServer implements AutoCloseable {
  public static final String ADMIN_KEY = "test-admin-key-0123456789abcdefgh";
  private final MomentsServer server;
  private final DatabaseTarget database;
  private final Vertx clientVertx = Vertx.vertx();
  private final WebClient client;
  private final int port;
  private final Set<String> contractChecked = ConcurrentHashMap.newKeySet();

  private RunningServer(MomentsServer server, DatabaseTarget database, int port) {
    this.server = server;
    this.database = database;
    this.port = port;
    this.client =
        WebClient.create(
            clientVertx, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(port));
  }

  public static RunningServer start() {
    return start(TestDatabase.fresh(), false);
  }

  public static RunningServer start(DatabaseTarget database, boolean demo) {
    return start(database, demo, UnaryOperator.identity());
  }

  /**
   * @param tweak changes to the test configuration: one HTTP verticle, four connections, the
   *     metrics listener on a port of its own, and no practical limit on failed authentications
   *     (tests call from one address and check 401s by the dozen; the limit has its own test)
   */
  public static RunningServer start(
      DatabaseTarget database, boolean demo, UnaryOperator<MomentsConfig> tweak) {
    // a failed start closes all it opened, so another port is a clean try
    return TestPorts.onFreePort(
        port -> {
          MomentsConfig config =
              testConfig(port, url(database))
                  .demo(demo)
                  .listeners(new Listeners("0.0.0.0", OptionalInt.of(0), "127.0.0.1"))
                  .quotas(
                      new QuotaDefaults(
                          QuotaDefaults.DEFAULTS.assignPerSecond(),
                          QuotaDefaults.DEFAULTS.eventsPerSecond(),
                          QuotaDefaults.MAX_RATE))
                  .build();
          return new RunningServer(MomentsServer.start(tweak.apply(config)), database, port);
        });
  }

  /**
   * A test server's core settings: the given port and database, the test admin key, no demo, four
   * connections, one HTTP verticle, no fsync.
   */
  public static MomentsConfig.Builder testConfig(int port, URI database) {
    return MomentsConfig.builder()
        .port(port)
        .databaseUrl(database)
        .dataDir(Path.of("target", "unused-data"))
        .adminKey(Optional.of(ADMIN_KEY))
        .demo(false)
        .poolSize(4)
        .httpInstances(1)
        .embeddedFsync(false);
  }

  /** The Prometheus page, from the metrics listener. */
  public String metrics() {
    int metricsPort = server.report().metricsPort().orElseThrow();
    return client.get(metricsPort, "127.0.0.1", "/metrics").send().await().bodyAsString();
  }

  /** With the given timing of webhook deliveries, decision alerts and the scheduler. */
  public static RunningServer start(DatabaseTarget database, boolean demo, BackgroundJobs jobs) {
    return start(database, demo, config -> config.with(jobs));
  }

  public static URI url(DatabaseTarget db) {
    return db.uri();
  }

  /**
   * Calls the server and checks the response against the contract ({@link ContractValidator}): a
   * response that drifts from {@code openapi.yaml} fails the calling test.
   */
  public HttpResponse<Buffer> call(HttpMethod method, String path, String key, Object body) {
    // the answer as the server gave it: a 302 (GET /r/) is checked, not followed
    HttpRequest<Buffer> request = client.request(method, path).followRedirects(false);
    if (key != null) {
      request.putHeader("Authorization", "Bearer " + key);
    }
    HttpResponse<Buffer> response;
    if (body == null) {
      response = request.send().await();
    } else if (body instanceof JsonObject json) {
      response = request.sendJsonObject(json).await();
    } else {
      request.putHeader("Content-Type", "application/json");
      response = request.sendBuffer(Buffer.buffer(body.toString())).await();
    }
    String checked = ContractValidator.get().check(method, path, response);
    if (checked != null) {
      contractChecked.add(checked);
    }
    return response;
  }

  /** The operations and statuses this server's responses were checked as, e.g. "createKey 201". */
  public Set<String> contractChecked() {
    return contractChecked;
  }

  public HttpResponse<Buffer> admin(HttpMethod method, String path, Object body) {
    return call(method, path, ADMIN_KEY, body);
  }

  /**
   * Posts events as the admin, in as many requests as the batch limit needs; each request must be
   * accepted whole (202).
   */
  public void postEvents(JsonArray events) {
    int most = EventBatchParser.MAX_EVENTS;
    for (int from = 0; from < events.size(); from += most) {
      JsonArray batch =
          new JsonArray(events.getList().subList(from, Math.min(events.size(), from + most)));
      HttpResponse<Buffer> posted =
          admin(HttpMethod.POST, "/api/v1/events", new JsonObject().put("events", batch));
      if (posted.statusCode() != 202) {
        throw new AssertionError(
            "POST /api/v1/events answered " + posted.statusCode() + ": " + posted.bodyAsString());
      }
    }
  }

  /**
   * Waits until the rollup worker has folded every committed event (reports fold asynchronously),
   * polling; fails after 30 s.
   */
  public void awaitFolded() {
    io.vertx.sqlclient.Pool pool = server.services().pool();
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      long pending =
          pool.query("SELECT count(*) FROM event_inbox")
              .execute()
              .await()
              .iterator()
              .next()
              .getLong(0);
      if (pending == 0) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("the rollup worker did not fold every event within 30 s");
  }

  /**
   * Holds the fold (takes the folders' lock on a connection of its own) until closed: events
   * acknowledged meanwhile wait in the inbox, as behind a lagging fold.
   */
  public AutoCloseable holdFold() {
    io.vertx.sqlclient.SqlConnection holder = server.services().pool().getConnection().await();
    io.vertx.sqlclient.Tuple lock =
        io.vertx.sqlclient.Tuple.of(dev.moments.server.db.FolderLock.KEY);
    holder.preparedQuery("SELECT pg_advisory_lock($1)").execute(lock).await();
    return () -> {
      try {
        holder.preparedQuery("SELECT pg_advisory_unlock($1)").execute(lock).await();
      } finally {
        holder.close().await();
      }
    };
  }

  /**
   * The SDK configuration this server serves once it satisfies {@code condition}: a change reaches
   * the config cache by NOTIFY, asynchronously even on the server that made it. Polls; fails after
   * 10 s.
   */
  public JsonObject awaitConfig(java.util.function.Predicate<JsonObject> condition) {
    long deadline = System.currentTimeMillis() + 10_000;
    JsonObject config = null;
    while (System.currentTimeMillis() < deadline) {
      config = call(HttpMethod.GET, "/api/v1/sdk/config", ADMIN_KEY, null).bodyAsJsonObject();
      if (condition.test(config)) {
        return config;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(
        "the SDK configuration did not change as expected within 10 s: " + config);
  }

  /** A call with extra headers (a user agent, say). */
  public HttpResponse<Buffer> call(
      HttpMethod method,
      String path,
      String key,
      Object body,
      java.util.Map<String, String> headers) {
    HttpRequest<Buffer> request = client.request(method, path);
    if (key != null) {
      request.putHeader("Authorization", "Bearer " + key);
    }
    headers.forEach(request::putHeader);
    if (body == null) {
      return request.send().await();
    }
    request.putHeader("Content-Type", "application/json");
    return request.sendBuffer(Buffer.buffer(body.toString())).await();
  }

  /** A new SDK key of this kind ("client" or "server"). */
  public String newKey(String kind) {
    HttpResponse<Buffer> r =
        admin(
            HttpMethod.POST, "/api/v1/keys", new JsonObject().put("kind", kind).put("name", kind));
    if (r.statusCode() != 201) {
      throw new AssertionError("creating a " + kind + " key: " + r.bodyAsString());
    }
    return r.bodyAsJsonObject().getString("key");
  }

  /**
   * A signed forcing ("force") or ad ("ad") link for a variant, as the admin endpoint issues it.
   */
  public JsonObject signedLink(String experiment, String kind, String variant) {
    HttpResponse<Buffer> r =
        admin(
            HttpMethod.POST,
            "/api/v1/experiments/" + experiment + "/links",
            new JsonObject().put("kind", kind).put("variant", variant));
    if (r.statusCode() != 201) {
      throw new AssertionError("issuing a " + kind + " link: " + r.bodyAsString());
    }
    return r.bodyAsJsonObject();
  }

  public WebClient client() {
    return client;
  }

  public MomentsServer server() {
    return server;
  }

  public DatabaseTarget database() {
    return database;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    clientVertx.close().await();
    server.close();
  }

  /** The keys {@code GET /api/v1/experiments} lists for a query such as {@code ?archived=true}. */
  public List<String> experimentKeys(String query) {
    return admin(HttpMethod.GET, "/api/v1/experiments" + query, null)
        .bodyAsJsonObject()
        .getJsonArray("experiments")
        .stream()
        .map(e -> ((JsonObject) e).getString("key"))
        .toList();
  }
}

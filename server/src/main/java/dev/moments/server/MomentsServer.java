package dev.moments.server;

import dev.moments.server.assignment.ConfigCache;
import dev.moments.server.assignment.ConfigListener;
import dev.moments.server.assignment.ExposureCache;
import dev.moments.server.auth.LinkSignatures;
import dev.moments.server.config.Listeners;
import dev.moments.server.config.MomentsConfig;
import dev.moments.server.db.ConfiguredDatabase;
import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.db.Pools;
import dev.moments.server.events.Admission;
import dev.moments.server.events.BotFilter;
import dev.moments.server.experiment.TargetingAttributes;
import dev.moments.server.http.HttpEdge;
import dev.moments.server.http.MetricsVerticle;
import dev.moments.server.http.SdkScript;
import dev.moments.server.http.ServerVerticle;
import dev.moments.server.http.Services;
import dev.moments.server.rollup.FoldPartitions;
import dev.moments.server.rollup.RollupWorkerVerticle;
import dev.moments.server.store.AuditLog;
import dev.moments.server.store.ExperimentStore;
import dev.moments.server.store.HoldoutStore;
import dev.moments.server.store.KeyStore;
import dev.moments.server.store.MomentStore;
import dev.moments.server.store.PeopleStore;
import dev.moments.server.store.WebhookStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Moments server: database (embedded unless configured), migrations, pool, HTTP
 * verticles. Used by {@link Main} and, in-process, by the tests, so both exercise the same start-up
 * and shutdown.
 */
public final class MomentsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MomentsServer.class);
  private final ConfiguredDatabase database;
  private final Vertx vertx;
  private static final Duration CONFIG_SAFETY_EXPIRY = Duration.ofSeconds(30);
  private final Services services;
  private final ConfigListener listener;
  private final List<String> backgroundDeployments;
  private final StartupReport report;

  private MomentsServer(
      ConfiguredDatabase database,
      Vertx vertx,
      Services services,
      ConfigListener listener,
      List<String> backgroundDeployments,
      StartupReport report) {
    this.database = database;
    this.vertx = vertx;
    this.services = services;
    this.listener = listener;
    this.backgroundDeployments = backgroundDeployments;
    this.report = report;
  }

  /** What start-up found worth telling the person who started the server. */
  public record StartupReport(
      Optional<String> generatedAdminKey,
      boolean demoSeeded,
      int port,
      OptionalInt metricsPort,
      Optional<ScriptTag> sdkScript) {
    public StartupReport(Optional<String> generatedAdminKey, boolean demoSeeded, int port) {
      this(generatedAdminKey, demoSeeded, port, OptionalInt.empty(), Optional.empty());
    }
  }

  /** The demo's moment and experiment, as MOMENTS_DEMO seeds them. */
  public static final String DEMO_MOMENT = Bootstrap.DEMO_MOMENT;

  public static final String DEMO_EXPERIMENT = Bootstrap.DEMO_EXPERIMENT;

  /**
   * Work on the migrated database before any of the server starts (the JIT warm-up, which the
   * server's own package does not know of).
   */
  @FunctionalInterface
  public interface BeforeStart {
    void run(MomentsConfig config, DatabaseTarget target);
  }

  /** Where the server serves the JS SDK bundle, and its Subresource Integrity value. */
  public record ScriptTag(String path, String integrity) {}

  /**
   * Starts everything; blocking, so call it from {@code main} or a test, never from an event loop.
   */
  public static MomentsServer start(MomentsConfig config) {
    return start(config, Clock.systemUTC());
  }

  /**
   * @param clock the time every part of the server reads (tests pass a clock they move)
   */
  public static MomentsServer start(MomentsConfig config, Clock clock) {
    return start(config, clock, (c, t) -> {});
  }

  /**
   * @param beforeStart runs once the database is open and migrated, before the server's own Vert.x
   */
  public static MomentsServer start(MomentsConfig config, Clock clock, BeforeStart beforeStart) {
    ConfiguredDatabase database = ConfiguredDatabase.open(config);
    DatabaseTarget target = database.target();
    Vertx vertx = null;
    try {
      beforeStart.run(config, target);
      PrometheusMeterRegistry registry = Meters.registry();
      // Netty's first pooled buffer initialises its JFR event types (JFR's metadata: seconds on a
      // busy machine): here on the main thread, not on the event loop of the first connection
      ByteBufAllocator.DEFAULT.directBuffer(1).release();
      vertx =
          Vertx.builder()
              .with(
                  new VertxOptions()
                      // a blocked event loop is reported after 2 s (Vert.x's default); with the
                      // stack from the first report, not from 5 s on, so the report says where
                      .setWarningExceptionTime(2)
                      .setWarningExceptionTimeUnit(TimeUnit.SECONDS)
                      .setMetricsOptions(Meters.options()))
              .withMetrics(Meters.factory(registry))
              .build();
      Pool pool = Pools.forRequests(vertx, target, config.poolSize(), config.dbTimeouts());
      Pool foldPool = Pools.forFolding(vertx, target);
      MomentStore moments = new MomentStore(pool);
      ExperimentStore experiments = new ExperimentStore(pool, clock);
      ConfigCache configCache =
          new ConfigCache(experiments, moments, new HoldoutStore(pool), CONFIG_SAFETY_EXPIRY);
      KeyStore keys = new KeyStore(pool);
      keys.bindMetrics(registry);
      // first, as on main: the listener's own connection waits for a cold database, so the request
      // pool's first query (the link secret) is not held to a request's acquire timeout
      ConfigListener listener = new ConfigListener(vertx, target, configCache, keys::revalidateAll);
      listener.start().await();
      Bootstrap bootstrap = new Bootstrap(config.adminKey(), pool, keys, moments, experiments);
      LinkSignatures signatures = new LinkSignatures(bootstrap.linkSecret().await());
      BotFilter bots = config.botPatterns().map(BotFilter::fromFile).orElseGet(BotFilter::shipped);
      TargetingAttributes attributes = new TargetingAttributes();
      ExposureCache exposures = new ExposureCache(ExposureCache.DEFAULT_SIZE);
      exposures.bindTo(registry);
      Services services =
          new Services(
              config,
              pool,
              clock,
              keys,
              new PeopleStore(pool, keys),
              moments,
              experiments,
              new AuditLog(pool),
              new WebhookStore(pool),
              configCache,
              registry,
              database::status,
              HttpEdge.create(config, keys),
              new Admission(signatures, bots),
              signatures,
              attributes,
              exposures);
      Optional<String> generated = bootstrap.adminKey().await();
      boolean seeded = config.demo() && bootstrap.seedDemo().await();
      List<String> background = new ArrayList<>();
      background.add(
          deployWorker(
              vertx,
              new RollupWorkerVerticle(
                  foldPool,
                  registry,
                  Pools.dedicated(vertx, target, FoldPartitions.IDLE_SESSION_TIMEOUT_MS))));
      background.addAll(
          BackgroundWork.deploy(
              vertx,
              pool,
              experiments,
              moments,
              clock,
              config.jobs(),
              config.bandits(),
              config.retention(),
              attributes,
              registry));
      OptionalInt metricsPort = metrics(vertx, registry, config.listeners());
      vertx
          .deployVerticle(
              () -> new ServerVerticle(services),
              new DeploymentOptions().setInstances(config.httpInstances()))
          .await();
      LOG.atInfo()
          .addKeyValue("bind", config.listeners().bind())
          .addKeyValue("port", config.port())
          .addKeyValue(
              "metrics",
              metricsPort.isPresent()
                  ? config.listeners().metricsBind() + ":" + metricsPort.getAsInt()
                  : "off")
          .addKeyValue("httpInstances", config.httpInstances())
          .addKeyValue("database", database.isEmbedded() ? "embedded" : target.toString())
          .addKeyValue("poolSize", config.poolSize())
          .addKeyValue("demoSeeded", seeded)
          .log("Moments started");
      return new MomentsServer(
          database,
          vertx,
          services,
          listener,
          List.copyOf(background),
          new StartupReport(
              generated,
              seeded,
              config.port(),
              metricsPort,
              Optional.of(script(services.edge().sdkScript()))));
    } catch (Exception e) {
      // Vert.x first: its threads (the rollup worker among them) would keep the JVM alive, and
      // working, on a database about to close; a port in use (BindException, checked but thrown
      // by await) left the process hanging with its embedded PostgreSQL
      if (vertx != null) {
        awaitStep("closing Vert.x after a failed start", vertx.close(), 10);
      }
      database.close();
      throw e;
    }
  }

  /** The metrics listener, when MOMENTS_METRICS_PORT asks for one; its port as bound. */
  private static OptionalInt metrics(
      Vertx vertx, PrometheusMeterRegistry registry, Listeners listeners) {
    if (listeners.metricsPort().isEmpty()) {
      return OptionalInt.empty();
    }
    MetricsVerticle verticle =
        new MetricsVerticle(registry, listeners.metricsBind(), listeners.metricsPort().getAsInt());
    vertx.deployVerticle(verticle).await();
    return OptionalInt.of(verticle.actualPort());
  }

  private static ScriptTag script(SdkScript sdk) {
    return new ScriptTag(sdk.path(), sdk.integrity());
  }

  public StartupReport report() {
    return report;
  }

  public Services services() {
    return services;
  }

  /** The meters its /metrics page shows. */
  public PrometheusMeterRegistry metrics() {
    return services.metrics();
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Graceful: HTTP servers stop accepting and finish in-flight requests, then background work, the
   * pool and the database close. Every step is bounded, so a stuck connection can delay shutdown
   * but never block it.
   */
  @Override
  public void close() {
    List<Future<Void>> http = new ArrayList<>();
    for (String id : vertx.deploymentIDs()) {
      if (!backgroundDeployments.contains(id)) {
        http.add(vertx.undeploy(id));
      }
    }
    // All listeners at once: each lets its in-flight requests finish for at most its grace period.
    awaitStep("stopping HTTP", Future.join(http), 30);
    for (String id : backgroundDeployments) {
      awaitStep("stopping background work", vertx.undeploy(id), 30);
    }
    awaitStep("stopping the config listener", listener.stop(), 5);
    awaitStep("closing Vert.x and the pool", vertx.close(), 10);
    database.close();
    LOG.info("Moments stopped");
  }

  static String deployWorker(Vertx vertx, io.vertx.core.Deployable verticle) {
    return vertx
        .deployVerticle(verticle, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
        .await();
  }

  private static void awaitStep(String step, Future<?> future, int seconds) {
    try {
      future.await(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      LOG.warn("{} took longer than {} s; going on with the shutdown", step, seconds);
    } catch (RuntimeException e) {
      LOG.warn("{} failed: {}", step, e.getMessage());
    }
  }
}

package dev.moments.server.http;

import dev.moments.server.config.HttpLimits;
import dev.moments.server.events.EventWriter;
import dev.moments.server.report.HoldoutReports;
import dev.moments.server.report.LiveReports;
import dev.moments.server.rollup.RollupReader;
import dev.moments.server.store.HoldoutStore;
import dev.moments.server.store.SequentialLooks;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP server instance (the server deploys one per core). Routes and request validation come
 * from the OpenAPI contract; every failure goes through the one {@link ErrorHandler}.
 */
public final class ServerVerticle extends VerticleBase {
  private static final String CONTRACT = "openapi.yaml";
  private final Services services;
  private static final int MAX_QUEUED_EVENTS = 50_000;
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
  private HttpServer server;

  public ServerVerticle(Services services) {
    this.services = services;
  }

  @Override
  public Future<?> start() {
    HttpLimits limits = services.config().http();
    ConnectionGuard connections =
        new ConnectionGuard(
            vertx,
            services.edge().connections,
            limits.maxConnections(),
            limits.headerTimeout().toMillis(),
            limits.bodyTimeout().toMillis());
    return vertx
        .fileSystem()
        .readFile(CONTRACT)
        // parsing the YAML document (every response is described) takes a while on a loaded
        // machine: once, off the event loop; the router and its handlers are made on it as before
        .compose(text -> vertx.executeBlocking(() -> ParsedContract.of(text)))
        .compose(
            parsed ->
                OpenAPIContract.from(vertx, parsed.routable())
                    .map(contract -> router(contract, parsed, connections)))
        .compose(
            router ->
                vertx
                    .createHttpServer(options())
                    .connectionHandler(connections::opened)
                    .invalidRequestHandler(InvalidRequests::handle)
                    .requestHandler(router)
                    .listen())
        .onSuccess(s -> server = s);
  }

  private HttpServerOptions options() {
    return new HttpServerOptions()
        .setHost(services.config().listeners().bind())
        .setPort(services.config().port())
        // no compressor nor WebSocket-extension handler in each connection's pipeline: the
        // handlers compress what pays (Gzip); no WebSocket is served
        .setCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setPerMessageWebSocketCompressionSupported(false)
        // HTTP/1.1 only: the connection limits and timeouts count one request at a time
        .setHttp2ClearTextEnabled(false)
        .setIdleTimeout((int) services.config().http().idleTimeout().toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
  }

  /**
   * Stops accepting and lets in-flight requests finish before the pool closes; a client still
   * sending or reading after the grace period is cut off.
   */
  @Override
  public Future<?> stop() {
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The served document, the router's copy of it and the permissions it names. */
  private record ParsedContract(
      Gzip.Precompressed text, JsonObject document, JsonObject routable, AccessRules rules) {
    static ParsedContract of(Buffer text) {
      JsonObject document = Contract.document(text);
      return new ParsedContract(
          Gzip.Precompressed.of(text),
          document,
          Contract.routable(document),
          AccessRules.from(document));
    }
  }

  /**
   * The order of the edge: a request's headers are in (security headers, body held); CORS; 405 for
   * a method the resource does not answer; the failed-authentication limit; authentication; only
   * then the body, within the buffer budget and the body timeout; then the operation.
   */
  private Router router(
      OpenAPIContract contract, ParsedContract parsed, ConnectionGuard connections) {
    HttpEdge edge = services.edge();
    HttpLimits limits = services.config().http();
    BodyGate body = new BodyGate(edge.bodies, connections, limits.bodyTimeout().toMillis());
    RouterBuilder builder =
        RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
    builder.rootHandler(
        AllowedMethods.of(
            parsed.document(),
            Map.of(
                "/health",
                Set.of(HttpMethod.GET),
                "/api/v1/openapi.yaml",
                Set.of(HttpMethod.GET),
                SdkScript.INFO_PATH,
                Set.of(HttpMethod.GET))));
    builder.rootHandler(new AuthThrottle(services.keys(), edge.limits));
    builder.rootHandler(new AuthHandler(services.keys(), parsed.rules()));
    builder.rootHandler(body.begin());
    builder.rootHandler(body.end());
    builder.rootHandler(new TextRule());
    // One writer per verticle: its group commit runs on this verticle's event loop.
    EventWriter writer =
        new EventWriter(
            vertx,
            services.pool(),
            MAX_QUEUED_EVENTS,
            services.config().dbTimeouts().statement(),
            services.metrics());
    ReportHandler reports =
        new ReportHandler(
            new LiveReports(
                services.experiments(),
                services.moments(),
                new RollupReader(services.pool()),
                services.clock(),
                services.attributes(),
                new SequentialLooks(services.pool())));
    TrafficMeters meters = new TrafficMeters(services.metrics());
    builder.getRoute("assign").addHandler(meters::countAssignAnswer);
    operations(writer, reports, meters)
        .forEach(
            (id, handler) ->
                builder.getRoute(id).addHandler(AuthHandler.confirms(id)).addHandler(handler));
    // Events are validated one by one (a bad event must not sink its batch), and sendBeacon's
    // text/plain body is parsed like JSON, so the router passes this body through untouched.
    // /assign, the hottest route, checks its small body by hand (AssignRequest): the generic
    // validator halves its throughput.
    builder.getRoute("postEvents").setDoValidation(false);
    builder.getRoute("assign").setDoValidation(false);
    Router router = builder.createRouter();
    router
        .route()
        .order(-200)
        .handler(
            ctx -> {
              connections.requestBegan(ctx);
              SecurityHeaders.add(ctx.response().headers());
              BodyGate.hold(ctx);
              ctx.next();
            });
    router.route().order(-100).handler(new CorsPolicy(parsed.rules()));
    router
        .get("/api/v1/experiments/:key/report.csv")
        .handler(AuthHandler.confirms("experimentReportCsv"))
        .handler(reports::csv);
    router
        .get("/health")
        .handler(new HealthHandler(services.pool(), services.databaseStatus())::get);
    router
        .get("/api/v1/openapi.yaml")
        .handler(
            ctx -> {
              ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8");
              Gzip.end(ctx.request(), parsed.text());
            });
    edge.sdkScript.mount(router);
    Dashboard.mount(router, edge.dashboard);
    ErrorHandler errors = new ErrorHandler();
    router.route().failureHandler(errors);
    router.errorHandler(404, errors);
    router.errorHandler(405, errors);
    router.errorHandler(413, errors);
    router.errorHandler(500, errors);
    return router;
  }

  private Map<String, Handler<RoutingContext>> operations(
      EventWriter writer, ReportHandler reports, TrafficMeters meters) {
    KeysHandler keys = new KeysHandler(services.keys());
    MomentsHandler moments = new MomentsHandler(services.moments());
    ExperimentsHandler experiments =
        new ExperimentsHandler(
            services.experiments(),
            services.audit(),
            services.attributes(),
            services.clock(),
            services.config().bandits().minUpdateEvery());
    LifecycleHandler lifecycle = new LifecycleHandler(services.experiments());
    PeopleHandler people = new PeopleHandler(services.people());
    AssignHandler assign =
        new AssignHandler(
            services.configCache(),
            writer,
            services.admission(),
            new RollupReader(services.pool()),
            services.clock(),
            services.edge().limits,
            services.attributes(),
            services.exposures(),
            services.metrics());
    WebhooksHandler webhooks = new WebhooksHandler(services.webhooks());
    HoldoutStore holdoutStore = new HoldoutStore(services.pool());
    HoldoutsHandler holdouts =
        new HoldoutsHandler(
            holdoutStore,
            new HoldoutReports(
                holdoutStore,
                services.experiments(),
                new RollupReader(services.pool()),
                services.clock()));
    return Map.ofEntries(
        Map.entry("createKey", keys::create),
        Map.entry("listKeys", keys::list),
        Map.entry("patchKey", keys::patch),
        Map.entry("revokeKey", keys::revoke),
        Map.entry("createPerson", people::create),
        Map.entry("listPeople", people::list),
        Map.entry("getPerson", people::get),
        Map.entry("changePerson", people::patch),
        Map.entry("deactivatePerson", people::deactivate),
        Map.entry("issuePersonKey", people::newKey),
        Map.entry("me", new MeHandler()::get),
        Map.entry("listAudit", new AuditHandler(services.audit())::list),
        Map.entry("createMoment", moments::create),
        Map.entry("listMoments", moments::list),
        Map.entry("getMoment", moments::get),
        Map.entry("patchMoment", moments::patch),
        Map.entry("createExperiment", experiments::create),
        Map.entry("listExperiments", experiments::list),
        Map.entry("getExperiment", experiments::get),
        Map.entry("patchExperiment", experiments::patch),
        Map.entry("experimentAudit", experiments::audit),
        Map.entry("experimentWeights", new WeightsHandler(services.experiments())::get),
        Map.entry("startExperiment", lifecycle::start),
        Map.entry("pauseExperiment", lifecycle::pause),
        Map.entry("stopExperiment", lifecycle::stop),
        Map.entry("archiveExperiment", lifecycle::archive),
        Map.entry("createWebhook", webhooks::create),
        Map.entry("listWebhooks", webhooks::list),
        Map.entry("deleteWebhook", webhooks::delete),
        Map.entry("webhookDeliveries", webhooks::deliveries),
        Map.entry("createHoldout", holdouts::create),
        Map.entry("listHoldouts", holdouts::list),
        Map.entry("getHoldout", holdouts::get),
        Map.entry("endHoldout", holdouts::end),
        Map.entry("holdoutReport", holdouts::report),
        Map.entry("sdkConfig", new SdkConfigHandler(services.configCache(), meters)::get),
        Map.entry("assign", assign::post),
        Map.entry("redirect", new RedirectHandler(assign)::get),
        Map.entry(
            "postEvents",
            new EventsHandler(
                    writer,
                    services.admission(),
                    services.clock(),
                    services.edge().limits,
                    services.attributes(),
                    meters)
                ::post),
        Map.entry("experimentReport", reports::json),
        Map.entry("power", new PowerHandler()::get),
        Map.entry(
            "createLink",
            new LinksHandler(
                    services.experiments(),
                    services.signatures(),
                    services.audit(),
                    services.clock())
                ::create),
        Map.entry(
            "eventsSummary", new EventsSummaryHandler(new RollupReader(services.pool()))::get),
        Map.entry(
            "metricsSeen",
            new MetricsSeenHandler(services.pool(), services.experiments(), services.clock())
                ::get));
  }
}

package dev.moments.server.http;

import dev.moments.server.config.MomentsConfig;
import dev.moments.server.events.EventWriter;
import dev.moments.server.rollup.RollupReader;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.Map;

/**
 * One HTTP server instance (the server deploys one per core). Routes and request validation come
 * from the OpenAPI contract; every failure goes through the one {@link ErrorHandler}.
 */
public final class ServerVerticle extends VerticleBase {
  private static final String CONTRACT = "openapi.yaml";
  private final Services services;
  private static final int MAX_QUEUED_EVENTS = 50_000;
  private HttpServer server;

  public ServerVerticle(Services services) {
    this.services = services;
  }

  @Override
  public Future<?> start() {
    return vertx
        .fileSystem()
        .readFile(CONTRACT)
        // parsing the YAML document (every response is described) takes a while on a loaded
        // machine: once, off the event loop; the router and its handlers are made on it as before
        .compose(text -> vertx.executeBlocking(() -> ParsedContract.of(text)))
        .compose(
            parsed ->
                OpenAPIContract.from(vertx, parsed.routable())
                    .map(contract -> router(contract, parsed)))
        .compose(
            router ->
                vertx
                    .createHttpServer(
                        new HttpServerOptions()
                            .setPort(services.config().port())
                            .setCompressionSupported(true)
                            .setIdleTimeout(60))
                    .requestHandler(router)
                    .listen())
        .onSuccess(s -> server = s);
  }

  /** Stops accepting and lets in-flight requests finish before the pool closes. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown();
  }

  private record ParsedContract(Buffer text, JsonObject routable, AccessRules rules) {
    static ParsedContract of(Buffer text) {
      JsonObject document = Contract.document(text);
      return new ParsedContract(text, Contract.routable(document), AccessRules.from(document));
    }
  }

  private Router router(OpenAPIContract contract, ParsedContract parsed) {
    RouterBuilder builder =
        RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
    builder.rootHandler(BodyHandler.create(false).setBodyLimit(MomentsConfig.MAX_BODY_BYTES));
    builder.rootHandler(new AuthHandler(services.keys(), parsed.rules()));
    builder.rootHandler(new TextRule());
    // One writer per verticle: its group commit runs on this verticle's event loop.
    EventWriter writer = new EventWriter(vertx, services.pool(), MAX_QUEUED_EVENTS);
    ReportHandler reports =
        new ReportHandler(
            services.experiments(),
            services.moments(),
            new RollupReader(services.pool()),
            services.clock());
    operations(writer, reports)
        .forEach(
            (id, handler) ->
                builder.getRoute(id).addHandler(AuthHandler.confirms(id)).addHandler(handler));
    // Events are validated one by one (a bad event must not sink its batch), and sendBeacon's
    // text/plain
    // body is parsed like JSON, so the router passes this body through untouched. /assign, the
    // hottest
    // route, checks its small body by hand (AssignRequest): the generic validator halves its
    // throughput.
    builder.getRoute("postEvents").setDoValidation(false);
    builder.getRoute("assign").setDoValidation(false);
    Router router = builder.createRouter();
    router
        .get("/api/v1/experiments/:key/report.csv")
        .handler(AuthHandler.confirms("experimentReportCsv"))
        .handler(reports::csv);
    ErrorHandler errors = new ErrorHandler();
    router
        .route()
        .order(-100)
        .handler(
            CorsHandler.create()
                .allowedMethod(io.vertx.core.http.HttpMethod.GET)
                .allowedMethod(io.vertx.core.http.HttpMethod.POST)
                .allowedHeader("Authorization")
                .allowedHeader("Content-Type")
                .allowedHeader("If-None-Match")
                .exposedHeader("ETag")
                .maxAgeSeconds(3600));
    router
        .get("/health")
        .handler(new HealthHandler(services.pool(), services.databaseStatus())::get);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(services.metrics()));
    router
        .get("/api/v1/openapi.yaml")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "application/yaml; charset=utf-8")
                    .end(parsed.text()));
    router.get("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html"));
    router.route().failureHandler(errors);
    router.errorHandler(404, errors);
    router.errorHandler(405, errors);
    router.errorHandler(413, errors);
    router.errorHandler(500, errors);
    return router;
  }

  private Map<String, Handler<RoutingContext>> operations(
      EventWriter writer, ReportHandler reports) {
    KeysHandler keys = new KeysHandler(services.keys());
    PeopleHandler people = new PeopleHandler(services.people());
    MomentsHandler moments = new MomentsHandler(services.moments());
    ExperimentsHandler experiments =
        new ExperimentsHandler(services.experiments(), services.audit());
    LifecycleHandler lifecycle = new LifecycleHandler(services.experiments());
    return Map.ofEntries(
        Map.entry("createKey", keys::create),
        Map.entry("listKeys", keys::list),
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
        Map.entry("startExperiment", lifecycle::start),
        Map.entry("pauseExperiment", lifecycle::pause),
        Map.entry("stopExperiment", lifecycle::stop),
        Map.entry("sdkConfig", new SdkConfigHandler(services.configCache())::get),
        Map.entry(
            "assign",
            new AssignHandler(
                    services.configCache(),
                    writer,
                    services.admission(),
                    new RollupReader(services.pool()),
                    services.clock())
                ::post),
        Map.entry(
            "postEvents", new EventsHandler(writer, services.admission(), services.clock())::post),
        Map.entry("experimentReport", reports::json),
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
            new MetricsSeenHandler(services.pool(), services.experiments(), services.clock())::get),
        Map.entry("power", new PowerHandler()::get));
  }
}

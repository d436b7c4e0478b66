package dev.moments.server.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The ceiling for the /assign benchmark: a bare Vert.x route that parses and echoes a JSON body,
 * deployed one verticle per core like the real server. {@code java -cp ...
 * dev.moments.server.bench.EchoServer 18181}
 */
public final class EchoServer extends VerticleBase {
  private final int port;

  EchoServer(int port) {
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router
        .post("/echo")
        .handler(BodyHandler.create())
        .handler(
            ctx -> {
              JsonObject body = ctx.body().asJsonObject();
              ctx.response()
                  .putHeader("Content-Type", "application/json")
                  .end(
                      new JsonObject()
                          .put("unitId", body.getString("unitId"))
                          .put("echo", body)
                          .toBuffer());
            });
    return vertx.createHttpServer().requestHandler(router).listen(port);
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx.vertx()
        .deployVerticle(
            () -> new EchoServer(port),
            new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
        .await();
  }
}

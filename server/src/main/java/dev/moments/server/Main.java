package dev.moments.server;

import dev.moments.server.config.ConfigException;
import dev.moments.server.config.MomentsConfig;
import dev.moments.server.warmup.JitWarmup;
import java.net.BindException;
import java.time.Clock;
import org.flywaydb.core.api.FlywayException;

/**
 * {@code java -jar moments-server.jar}: reads the environment, starts the server and prints how to
 * reach it. SIGTERM runs the shutdown hook: stop accepting, finish in-flight requests, close the
 * pool and the database.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    MomentsConfig config;
    try {
      config = MomentsConfig.fromEnvironment(System.getenv());
    } catch (ConfigException e) {
      System.err.println("Moments cannot start: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (args.length > 0 && args[0].equals("rebuild-rollups")) {
      System.exit(RebuildCommand.run(config));
      return;
    }
    if (args.length > 0) {
      System.err.println(
          "Unknown command '"
              + args[0]
              + "'. Usage: java -jar moments-server.jar [rebuild-rollups]");
      System.exit(2);
      return;
    }
    MomentsServer server;
    try {
      server = MomentsServer.start(config, Clock.systemUTC(), JitWarmup::run);
    } catch (ConfigException e) {
      System.err.println("Moments cannot start: " + e.getMessage());
      System.exit(2);
      return;
    } catch (FlywayException e) {
      System.err.println("Moments cannot start: a database migration failed: " + e.getMessage());
      System.exit(3);
      return;
    } catch (Exception e) {
      System.err.println("Moments cannot start: " + cause(e, config));
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Moments is stopping: finishing in-flight requests.");
                  server.close();
                  System.out.println("Moments stopped.");
                },
                "moments-shutdown"));
    System.out.println(Banner.text(server.report()));
  }

  /** What stopped start-up, naming the setting to change where one is to blame. */
  private static String cause(Exception e, MomentsConfig config) {
    if (e instanceof BindException) {
      return "an address it listens on is in use ("
          + e.getMessage()
          + "): MOMENTS_PORT is "
          + config.port()
          + config.listeners().metricsPort().stream()
              .mapToObj(port -> ", MOMENTS_METRICS_PORT " + port)
              .findFirst()
              .orElse("")
          + "; is another server running?";
    }
    return e.getMessage();
  }
}

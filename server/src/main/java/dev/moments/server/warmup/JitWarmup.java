package dev.moments.server.warmup;

import dev.moments.server.MomentsServer;
import dev.moments.server.config.Listeners;
import dev.moments.server.config.MomentsConfig;
import dev.moments.server.db.DatabaseTarget;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JIT warm-up before the server listens (MOMENTS_WARMUP_SECONDS, server/README "JIT warm-up"):
 * a cold JVM serves its first 20-40 s of load interpreted and compiling, and the fold falls behind
 * by seconds. A private instance of the server on a scratch database of the same PostgreSQL (its
 * own Vert.x, pools, caches and meters, a loopback listener) is driven with the SDKs' requests for
 * that long, then closed and its database dropped; the code it compiled is the process's, so the
 * real server starts warm. The real database, its keys, audit log and meters see none of it. Any
 * failure (no CREATEDB privilege, say) is logged and the server starts without the warm-up.
 */
public final class JitWarmup {
  private static final Logger LOG = LoggerFactory.getLogger(JitWarmup.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private JitWarmup() {}

  /** What the warm-up did, for the start log and the tests. */
  public record Outcome(
      String database,
      long requests,
      long events,
      long failures,
      long foldBatches,
      double seconds) {}

  /**
   * Runs the warm-up the configuration asks for on {@code real}'s PostgreSQL; {@link
   * MomentsServer.BeforeStart} of {@link dev.moments.server.Main}. Never throws.
   */
  public static Optional<Outcome> run(MomentsConfig config, DatabaseTarget real) {
    if (config.warmupSeconds() == 0) {
      return Optional.empty();
    }
    long started = System.nanoTime();
    try (ScratchDatabase scratch = ScratchDatabase.create(real)) {
      Outcome outcome = drive(config, scratch, started);
      LOG.atInfo()
          .addKeyValue("database", outcome.database())
          .addKeyValue("requests", outcome.requests())
          .addKeyValue("events", outcome.events())
          .addKeyValue("failed", outcome.failures())
          .addKeyValue("foldBatches", outcome.foldBatches())
          .addKeyValue("seconds", String.format("%.1f", outcome.seconds()))
          .log("JIT warm-up done; its database is dropped");
      return Optional.of(outcome);
    } catch (Exception e) {
      LOG.warn(
          "JIT warm-up skipped after {} s (MOMENTS_WARMUP_SECONDS={}): {}; the server starts cold",
          String.format("%.1f", seconds(started)),
          config.warmupSeconds(),
          e.toString());
      return Optional.empty();
    }
  }

  private static Outcome drive(MomentsConfig config, ScratchDatabase scratch, long started)
      throws IOException {
    String adminKey = HexFormat.of().formatHex(randomBytes(24));
    MomentsConfig warm =
        config.toBuilder()
            .port(freeLoopbackPort())
            .databaseUrl(scratch.target().uri())
            .adminKey(Optional.of(adminKey))
            .demo(true)
            .listeners(new Listeners("127.0.0.1", OptionalInt.empty(), "127.0.0.1"))
            .warmupSeconds(0)
            .build();
    LOG.info(
        "JIT warm-up: a private server on database {}, port {}, driven for {} s",
        scratch.name(),
        warm.port(),
        config.warmupSeconds());
    try (MomentsServer server = MomentsServer.start(warm)) {
      WarmupLoad.Result load =
          WarmupLoad.drive(
              warm.port(),
              adminKey,
              MomentsServer.DEMO_EXPERIMENT,
              MomentsServer.DEMO_MOMENT,
              Duration.ofSeconds(config.warmupSeconds()));
      load.firstFailure().ifPresent(f -> LOG.info("JIT warm-up: first failed request {}", f));
      long batches = foldBatches(server.metrics());
      return new Outcome(
          scratch.name(),
          load.requests(),
          load.events(),
          load.failures(),
          batches,
          seconds(started));
    }
  }

  private static long foldBatches(MeterRegistry registry) {
    return registry.find("moments.rollup.batch").timers().stream().mapToLong(Timer::count).sum();
  }

  /** The listener's port, chosen here: a port of 0 would give each HTTP instance its own. */
  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}

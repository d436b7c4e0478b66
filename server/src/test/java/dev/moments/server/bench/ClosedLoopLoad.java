package dev.moments.server.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A closed-loop HTTP/1.1 load generator like wrk (each connection sends its next request when the
 * answer arrives), posting the /assign request shape with a new unit id per request. It exists
 * because Debian's wrk 4.1.0 overstates latency against this server on this VM: for the same
 * requests, its average was three times the write-to-read time that strace recorded, and its
 * latencies summed to more time than its connections existed. Each answer's latency here is
 * System.nanoTime from the request's write to the answer's last byte, and the report checks itself:
 * in a closed loop the summed latencies cannot exceed connections × duration.
 *
 * <p>{@code java -cp server/target/test-classes:server/target/moments-server.jar
 * dev.moments.server.bench.ClosedLoopLoad <url> <connections> <warm-up s> <measured s> [bearer key]
 * [threads]}
 */
public final class ClosedLoopLoad {
  private ClosedLoopLoad() {}

  record Result(LatencyHistogram latencies, long failures, LatencySeries series) {}

  /**
   * With {@code -Dmoments.bench.seriesMs=100}, the latencies of the measured window are also
   * printed per slot of that many milliseconds (to set a tail against the server's logs); 0, the
   * default, prints none.
   */
  static final long SERIES_MS = Long.getLong("moments.bench.seriesMs", 0);

  public static void main(String[] args) throws InterruptedException {
    URI url = URI.create(args[0]);
    int connections = Integer.parseInt(args[1]);
    double seconds = Double.parseDouble(args[3]);
    int threads = args.length > 5 ? Integer.parseInt(args[5]) : 1;
    Result all =
        run(
            url,
            args.length > 4 ? args[4] : null,
            connections,
            threads,
            Double.parseDouble(args[2]),
            seconds);
    LatencyHistogram h = all.latencies();
    System.out.printf(
        "closed loop, %d connections, %d threads, %.0f s: %.0f requests/s, %d not 2xx%n",
        connections, threads, seconds, h.count() / seconds, all.failures());
    System.out.printf(
        "latency ms: mean %.2f  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
        h.meanMillis(),
        h.percentileMillis(50),
        h.percentileMillis(90),
        h.percentileMillis(99),
        h.percentileMillis(99.9),
        h.maxMillis());
    System.out.printf(
        "self-check: summed latency / (connections x seconds) = %.2f (a closed loop stays <= 1)%n",
        h.totalSeconds() / (connections * seconds));
    if (SERIES_MS > 0) {
      all.series().lines().forEach(System.out::println);
    }
  }

  /**
   * Runs the load and returns the answers that arrived in the measured window, merged over the
   * threads.
   */
  static Result run(
      URI url, String key, int connections, int threads, double warmupSeconds, double seconds)
      throws InterruptedException {
    long measureFrom = System.nanoTime() + (long) (warmupSeconds * 1e9);
    long measureUntil = measureFrom + (long) (seconds * 1e9);
    long seriesMs = Math.max(1, SERIES_MS);
    String run = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 33);
    List<Thread> workers = new ArrayList<>();
    List<Result> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int share = connections / threads + (t < connections % threads ? 1 : 0);
      String prefix = "load-" + run + "-" + t + "-";
      Thread worker =
          new Thread(
              () -> {
                Result r =
                    new LoadLoop(url, key, prefix, share, new LatencySeries(measureFrom, seriesMs))
                        .run(measureFrom, measureUntil);
                synchronized (results) {
                  results.add(r);
                }
              },
              "load-" + t);
      worker.start();
      workers.add(worker);
    }
    for (Thread w : workers) {
      w.join();
    }
    LatencyHistogram all = new LatencyHistogram();
    LatencySeries series = new LatencySeries(measureFrom, Math.max(1, SERIES_MS));
    long failures = 0;
    for (Result r : results) {
      all.add(r.latencies());
      series.add(r.series());
      failures += r.failures();
    }
    return new Result(all, failures, series);
  }

  /**
   * Requests per unit id ({@code -Dmoments.bench.requestsPerUnit=5}: each visitor's first request
   * and four repeats, spread out as {@link Visitors} says); 1, the default, is a new unit each
   * time.
   */
  static final int REQUESTS_PER_UNIT = Integer.getInteger("moments.bench.requestsPerUnit", 1);

  /** One thread's connections on one selector. */
  private static final class LoadLoop {
    private final URI url;
    private final RequestTemplate template;
    private final int connections;
    private final LatencyHistogram latencies = new LatencyHistogram();
    private final LatencySeries series;
    private long failures;
    private long sent;

    LoadLoop(URI url, String key, String prefix, int connections, LatencySeries series) {
      this.url = url;
      this.template = new RequestTemplate(url, key, prefix);
      this.connections = connections;
      this.series = series;
    }

    Result run(long measureFrom, long measureUntil) {
      try (Selector selector = Selector.open()) {
        for (int i = 0; i < connections; i++) {
          open(selector);
        }
        while (System.nanoTime() < measureUntil) {
          selector.select(key -> serve(key, measureFrom, measureUntil), 10);
        }
        for (SelectionKey key : selector.keys()) {
          key.channel().close();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Result(latencies, failures, series);
    }

    private void open(Selector selector) throws IOException {
      SocketChannel channel =
          SocketChannel.open(new InetSocketAddress(url.getHost(), url.getPort()));
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.configureBlocking(false);
      Exchange exchange = new Exchange(channel);
      exchange.send(
          channel.register(selector, SelectionKey.OP_READ, exchange),
          template,
          Visitors.unit(sent++, REQUESTS_PER_UNIT));
    }

    private void serve(SelectionKey key, long measureFrom, long measureUntil) {
      try {
        exchange((Exchange) key.attachment(), key, measureFrom, measureUntil);
      } catch (IOException e) {
        // the server closes a connection after refusing a request (401, 429; the next request
        // then meets a closed or reset connection): a new one goes on
        try {
          key.channel().close();
          open(key.selector());
        } catch (IOException reopening) {
          throw new UncheckedIOException(reopening);
        }
      }
    }

    private void exchange(Exchange exchange, SelectionKey key, long measureFrom, long measureUntil)
        throws IOException {
      if (key.isWritable()) {
        exchange.flush(key);
      }
      if (!key.isReadable()) {
        return;
      }
      int status = exchange.read();
      if (status == 0) {
        return;
      }
      long now = System.nanoTime();
      if (now >= measureFrom && now < measureUntil) {
        latencies.record(now - exchange.startedAt);
        if (SERIES_MS > 0) {
          series.record(now, now - exchange.startedAt);
        }
        if (status / 100 != 2) {
          failures++;
        }
      }
      exchange.send(key, template, Visitors.unit(sent++, REQUESTS_PER_UNIT));
    }
  }
}

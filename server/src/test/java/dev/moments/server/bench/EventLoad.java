package dev.moments.server.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for {@code POST /api/v1/events} against a running server: batches of unique
 * events, each also resending some ids of the previous batch (duplicates), over keep-alive
 * connections with one request in flight each. Requests are built before the clock starts so that
 * the client spends little CPU during the run.
 *
 * <pre>
 * java -cp server/target/moments-server.jar:server/target/test-classes dev.moments.server.bench.EventLoad \
 *   url=http://localhost:8080 key=$MOMENTS_ADMIN_KEY events=1000000 batch=100 connections=32 duplicates=0.05
 * </pre>
 */
public final class EventLoad {
  private static final Pattern COUNTS =
      Pattern.compile("\"accepted\":(\\d+),\"duplicates\":(\\d+)");

  private EventLoad() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Args.parse(args);
    URI url = URI.create(opts.getOrDefault("url", "http://localhost:8080"));
    String key = opts.getOrDefault("key", System.getenv("MOMENTS_ADMIN_KEY"));
    long events = Long.parseLong(opts.getOrDefault("events", "1000000"));
    int batch = Integer.parseInt(opts.getOrDefault("batch", "100"));
    int connections = Integer.parseInt(opts.getOrDefault("connections", "32"));
    double duplicateShare = Double.parseDouble(opts.getOrDefault("duplicates", "0.05"));
    int units = Integer.parseInt(opts.getOrDefault("units", "200000"));
    BenchEvents gen =
        new BenchEvents(
            units, opts.getOrDefault("run", Long.toString(System.currentTimeMillis(), 36)));

    int resent = (int) Math.round(batch * duplicateShare);
    int fresh = batch - resent;
    long requests = (events + fresh - 1) / fresh;
    List<List<byte[]>> perConnection = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      perConnection.add(new ArrayList<>());
    }
    for (long r = 0; r < requests; r++) {
      perConnection
          .get((int) (r % connections))
          .add(request(url, key, body(gen, r, fresh, resent, connections, events)));
    }
    System.out.printf(
        "prepared %d requests of %d events (%d resent ids each)%n", requests, batch, resent);

    Result total = new Result();
    List<Thread> threads = new ArrayList<>();
    long[] latencies = new long[(int) requests];
    AtomicLong next = new AtomicLong();
    long start = System.nanoTime();
    for (List<byte[]> work : perConnection) {
      Thread t = new Thread(() -> run(url, work, total, latencies, next), "load");
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long acknowledged = total.accepted.get() + total.duplicates.get();
    Arrays.sort(latencies, 0, (int) next.get());
    System.out.printf(
        "acknowledged %d events (%d accepted, %d duplicates) in %.2f s: %.0f events/s, %.0f requests/s%n",
        acknowledged,
        total.accepted.get(),
        total.duplicates.get(),
        seconds,
        acknowledged / seconds,
        requests / seconds);
    System.out.printf(
        "latency p50 %.1f ms, p99 %.1f ms; 503 retries %d; failures %d%n",
        latencies[(int) (next.get() / 2)] / 1e6,
        latencies[(int) (next.get() * 99 / 100)] / 1e6,
        total.retries.get(),
        total.failures.get());
  }

  /**
   * Request r: its fresh events, plus the first ids of the same connection's previous request
   * again.
   */
  private static String body(
      BenchEvents gen, long r, int fresh, int resent, int connections, long events) {
    StringBuilder s = new StringBuilder(200 * (fresh + resent)).append("{\"events\":[");
    long first = r * fresh;
    boolean comma = false;
    for (long i = first; i < Math.min(events, first + fresh); i++) {
      s.append(comma ? "," : "");
      gen.appendJson(s, i);
      comma = true;
    }
    long previous = (r - connections) * fresh;
    for (long i = previous; r >= connections && i < previous + resent; i++) {
      s.append(',');
      gen.appendJson(s, i);
    }
    return s.append("]}").toString();
  }

  private static byte[] request(URI url, String key, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST /api/v1/events HTTP/1.1\r\nHost: "
            + url.getHost()
            + "\r\nAuthorization: Bearer "
            + key
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + bytes.length
            + "\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = Arrays.copyOf(h, h.length + bytes.length);
    System.arraycopy(bytes, 0, all, h.length, bytes.length);
    return all;
  }

  private static final class Result {
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
  }

  private static void run(
      URI url, List<byte[]> work, Result total, long[] latencies, AtomicLong next) {
    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
      socket.setTcpNoDelay(true);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      for (byte[] request : work) {
        while (true) {
          long t0 = System.nanoTime();
          out.write(request);
          out.flush();
          Response response = Response.read(in);
          if (response.status == 202) {
            latencies[(int) next.getAndIncrement()] = System.nanoTime() - t0;
            Matcher m = COUNTS.matcher(response.body);
            if (m.find()) {
              total.accepted.addAndGet(Long.parseLong(m.group(1)));
              total.duplicates.addAndGet(Long.parseLong(m.group(2)));
            }
            break;
          }
          if (response.status == 503) {
            total.retries.incrementAndGet();
            Thread.sleep(20);
            continue;
          }
          total.failures.incrementAndGet();
          System.err.println("HTTP " + response.status + ": " + response.body);
          break;
        }
      }
    } catch (IOException | InterruptedException e) {
      System.err.println("connection failed: " + e);
      total.failures.incrementAndGet();
    }
  }

  /** Just enough HTTP/1.1 response parsing for keep-alive with Content-Length. */
  record Response(int status, String body) {
    static Response read(InputStream in) throws IOException {
      String statusLine = line(in);
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      int length = 0;
      for (String header = line(in); !header.isEmpty(); header = line(in)) {
        if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
          length = Integer.parseInt(header.substring(15).trim());
        }
      }
      return new Response(status, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder s = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException("connection closed");
        }
        if (c != '\r') {
          s.append((char) c);
        }
      }
      return s.toString();
    }
  }
}

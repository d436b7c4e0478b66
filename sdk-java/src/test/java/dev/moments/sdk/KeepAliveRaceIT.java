package dev.moments.sdk;

import static dev.moments.sdk.ClientFixtures.CONFIG;
import static dev.moments.sdk.ClientFixtures.await;
import static dev.moments.sdk.ClientFixtures.quiet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * The keep-alive race over real sockets: the server closes a connection without answering, either
 * an idle keep-alive one as the next request arrives on it (its header timeout firing as the client
 * reuses it) or one whose request it has read. The batch must be sent again at once on a new
 * connection with the same ids, not left to a backoff that {@code close()} may not wait for.
 */
class KeepAliveRaceIT {
  /** A request as the socket server saw it: its connection, its place there, and the answer. */
  record Seen(int connection, int onConnection, String path, String body, boolean answered) {}

  /**
   * HTTP/1.1 on raw sockets: the config on GET, 202 on POST, except where {@code drop} (path, place
   * of the request on its connection) says to close the connection unanswered.
   */
  static final class ClosingServer implements AutoCloseable {
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();
    private final BiPredicate<String, Integer> drop;

    ClosingServer(BiPredicate<String, Integer> drop) throws IOException {
      this.drop = drop;
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(this::accept, "closing-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String url() {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }

    List<Seen> posts() {
      return seen.stream().filter(s -> s.path().equals("/api/v1/events")).toList();
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket connection = socket.accept();
          Thread t = new Thread(() -> serve(connection, connections.incrementAndGet()));
          t.setDaemon(true);
          t.start();
        } catch (IOException closed) {
          return;
        }
      }
    }

    private void serve(Socket connection, int number) {
      try (connection) {
        InputStream in = connection.getInputStream();
        OutputStream out = connection.getOutputStream();
        for (int place = 1; ; place++) {
          String head = readHead(in);
          if (head == null) {
            return;
          }
          String path = head.split(" ", 3)[1];
          String body = new String(in.readNBytes(contentLength(head)), StandardCharsets.UTF_8);
          if (drop.test(path, place)) {
            seen.add(new Seen(number, place, path, body, false));
            return; // closes without a byte of answer
          }
          seen.add(new Seen(number, place, path, body, true));
          String answer =
              path.startsWith("/api/v1/events")
                  ? "{\"accepted\":1,\"duplicates\":0,\"rejected\":[]}"
                  : CONFIG;
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          out.write(
              ("HTTP/1.1 "
                      + (path.startsWith("/api/v1/events") ? "202 Accepted" : "200 OK")
                      + "\r\nContent-Type: application/json\r\nContent-Length: "
                      + bytes.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.write(bytes);
          out.flush();
        }
      } catch (IOException gone) {
        // the client closed it
      }
    }

    private static String readHead(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        head.write(b);
        String text = head.toString(StandardCharsets.US_ASCII);
        if (text.endsWith("\r\n\r\n")) {
          return text;
        }
      }
      return null;
    }

    private static int contentLength(String head) {
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          return Integer.parseInt(line.substring(15).trim());
        }
      }
      return 0;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private final ClientFixtures.Errors errors = new ClientFixtures.Errors();

  /**
   * A client whose backoff is longer than its closeTimeout: before the resend, a batch that met the
   * race waited past close() and was dropped.
   */
  private MomentsClient client(ClosingServer server) throws InterruptedException {
    MomentsClient client =
        quiet(server.url(), errors)
            .flushInterval(Duration.ofHours(1))
            .retryDelays(Duration.ofMinutes(1), Duration.ofMinutes(1))
            .closeTimeout(Duration.ofSeconds(5))
            .build();
    await(
        "the configuration", Duration.ofSeconds(30), () -> client.stats().configVersion() != null);
    return client;
  }

  @Test
  void anIdleKeepAliveConnectionClosedAsTheBatchArrivesOnItIsResentOnANewOne() throws Exception {
    // the config GET opened connection 1; the batch reuses it and the server closes it on arrival
    try (ClosingServer server = new ClosingServer((path, place) -> place == 2)) {
      MomentsClient client = client(server);
      client.track("user-7", "signup");
      client.close();
      assertResentOnce(server);
      assertEquals(2, server.posts().get(0).onConnection(), "the race: a reused connection");
    }
  }

  @Test
  void aConnectionClosedAfterItsRequestWasReadIsResentOnANewOne() throws Exception {
    AtomicInteger posts = new AtomicInteger();
    try (ClosingServer server =
        new ClosingServer(
            (path, place) -> path.equals("/api/v1/events") && posts.incrementAndGet() == 1)) {
      MomentsClient client = client(server);
      client.track("user-7", "signup");
      client.close();
      assertResentOnce(server);
    }
  }

  @Test
  void aServerThatClosesEveryConnectionGetsOneResendThenTheBackoff() throws Exception {
    try (ClosingServer server = new ClosingServer((path, place) -> path.equals("/api/v1/events"))) {
      MomentsClient client = client(server);
      client.track("user-7", "signup");
      client.close();
      assertEquals(2, server.posts().size(), "the first attempt and one resend: " + server.seen);
      assertEquals(1, errors.count(MomentsError.Kind.EVENTS_DROPPED));
    }
  }

  private void assertResentOnce(ClosingServer server) {
    List<Seen> posts = server.posts();
    assertEquals(2, posts.size(), "one unanswered POST and one resend: " + server.seen);
    Seen dropped = posts.get(0);
    Seen resent = posts.get(1);
    assertTrue(!dropped.answered() && resent.answered(), server.seen.toString());
    assertEquals(dropped.body(), resent.body(), "the same batch, the same event ids");
    assertNotEquals(dropped.connection(), resent.connection(), "on a new connection");
    assertEquals(List.of(), errors.seen, "a race the resend absorbed is no error");
  }
}

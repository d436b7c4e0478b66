package dev.moments.server.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One keep-alive connection of {@link ClosedLoopLoad}: writes a request, then reads its whole
 * answer.
 */
final class Exchange {
  private static final byte[] CONTENT_LENGTH =
      "content-length:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private final SocketChannel channel;
  private final ByteBuffer out = ByteBuffer.allocate(2048);
  private ByteBuffer in = ByteBuffer.allocate(16 * 1024);
  private int scanned;
  long startedAt;

  Exchange(SocketChannel channel) {
    this.channel = channel;
  }

  void send(SelectionKey key, RequestTemplate template, long unitNumber) throws IOException {
    template.write(out, unitNumber);
    startedAt = System.nanoTime();
    flush(key);
  }

  void flush(SelectionKey key) throws IOException {
    channel.write(out);
    key.interestOps(
        out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
  }

  /** The status code once the whole answer has arrived, else 0. */
  int read() throws IOException {
    if (!in.hasRemaining()) {
      in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
    }
    if (channel.read(in) < 0) {
      throw new IOException("the server closed a connection");
    }
    int headEnd = headEnd();
    if (headEnd < 0) {
      return 0;
    }
    int end = headEnd + 4 + contentLength(headEnd);
    if (in.position() < end) {
      return 0;
    }
    if (in.position() > end) {
      throw new IOException("an answer came that no request asked for");
    }
    byte[] b = in.array();
    int status = (b[9] - '0') * 100 + (b[10] - '0') * 10 + (b[11] - '0');
    in.clear();
    scanned = 0;
    return status;
  }

  private int headEnd() {
    byte[] b = in.array();
    for (int i = Math.max(0, scanned - 3); i + 3 < in.position(); i++) {
      if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
        return i;
      }
    }
    scanned = in.position();
    return -1;
  }

  /** The Content-Length header's value; its name in any case, as HTTP allows. */
  private int contentLength(int headEnd) throws IOException {
    byte[] b = in.array();
    for (int line = 0; line < headEnd; line++) {
      if (line > 0 && b[line - 1] != '\n') {
        continue;
      }
      int i = 0;
      while (i < CONTENT_LENGTH.length && (b[line + i] | 0x20) == CONTENT_LENGTH[i]) {
        i++;
      }
      if (i == CONTENT_LENGTH.length) {
        int value = 0;
        for (int j = line + i; b[j] != '\r'; j++) {
          if (b[j] != ' ') {
            value = value * 10 + (b[j] - '0');
          }
        }
        return value;
      }
    }
    throw new IOException("an answer without Content-Length");
  }
}

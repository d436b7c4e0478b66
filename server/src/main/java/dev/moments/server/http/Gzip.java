package dev.moments.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * Response compression where it pays: a body of at least {@link #MIN_BYTES} goes out gzip-encoded
 * to a client that accepts gzip, with {@code Vary: Accept-Encoding} either way (a cache must not
 * hand the gzip form to a client that did not ask for it); a smaller body goes out as it is. Bodies
 * that never change (the SDK bundle, the dashboard's files, the contract) are compressed once at
 * start-up ({@link Precompressed}).
 *
 * <p>Why not Netty's compressor ({@code HttpServerOptions.setCompressionSupported}): it sits in
 * every connection's pipeline and handles every request and response, also the small answers of the
 * hot routes (a 573-byte /assign answer), where gzip saves a few hundred bytes at the price of the
 * deflater's CPU. It also sent no {@code Vary}.
 */
final class Gzip {
  /** Below this many bytes a body is sent as it is (about one packet). */
  static final int MIN_BYTES = 1024;

  private static final CharSequence GZIP = HttpHeaders.createOptimized("gzip");
  private static final CharSequence ACCEPT_ENCODING =
      HttpHeaders.createOptimized("Accept-Encoding");

  private Gzip() {}

  /** A body and its gzip form, made once. */
  record Precompressed(Buffer plain, Buffer gzipped) {
    static Precompressed of(Buffer plain) {
      return new Precompressed(plain, compress(plain));
    }
  }

  /** Ends the response with {@code body}, gzip-encoded when it pays and the client accepts it. */
  static void end(HttpServerRequest request, Buffer body) {
    boolean gzip = encodes(request, body.length());
    send(request, gzip ? compress(body) : body, gzip);
  }

  /** As {@link #end(HttpServerRequest, Buffer)}, with a body compressed beforehand. */
  static void end(HttpServerRequest request, Precompressed body) {
    send(request, body, encodes(request, body.plain().length()));
  }

  /**
   * Whether a body of {@code length} bytes goes to this request gzip-encoded; marks the response
   * {@code Vary: Accept-Encoding} when the body is large enough to be (whatever this client takes).
   * The one decision of every form a handler serves, so its validators can name the form.
   */
  static boolean encodes(HttpServerRequest request, int length) {
    return length >= MIN_BYTES && varies(request) && accepts(request);
  }

  /** Ends the response with the form {@link #encodes} chose (Content-Length is set by end). */
  static void send(HttpServerRequest request, Buffer bytes, boolean gzipped) {
    if (gzipped) {
      request.response().putHeader(HttpHeaders.CONTENT_ENCODING, GZIP);
    }
    request.response().end(bytes);
  }

  /**
   * As {@link #send(HttpServerRequest, Buffer, boolean)}, the chosen form of a precompressed body.
   */
  static void send(HttpServerRequest request, Precompressed body, boolean gzipped) {
    send(request, gzipped ? body.gzipped() : body.plain(), gzipped);
  }

  /**
   * Marks the response as depending on Accept-Encoding; false (nothing marked) when the response
   * already has an encoding of its own.
   */
  private static boolean varies(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    if (response.headers().contains(HttpHeaders.CONTENT_ENCODING)) {
      return false;
    }
    response.headers().add(HttpHeaders.VARY, ACCEPT_ENCODING);
    return true;
  }

  /** Whether Accept-Encoding admits gzip: {@code gzip}, {@code x-gzip} or {@code *}, q above 0. */
  static boolean accepts(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
    if (header == null) {
      return false;
    }
    for (String coding : header.split(",")) {
      int semicolon = coding.indexOf(';');
      String name = (semicolon < 0 ? coding : coding.substring(0, semicolon)).trim();
      if ((name.equalsIgnoreCase("gzip") || name.equalsIgnoreCase("x-gzip") || name.equals("*"))
          && (semicolon < 0 || quality(coding.substring(semicolon + 1)) > 0)) {
        return true;
      }
    }
    return false;
  }

  /** The q value of a coding's parameters: 1 when absent, 0 when unreadable (as Netty read it). */
  private static double quality(String parameters) {
    for (String parameter : parameters.split(";")) {
      String p = parameter.trim();
      if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
        try {
          return Double.parseDouble(p.substring(2).trim());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }

  static Buffer compress(Buffer body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length() / 3));
    try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192)) {
      gzip.write(body.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // an in-memory stream does not fail
    }
    return Buffer.buffer(out.toByteArray());
  }
}

package dev.moments.server.http;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The dashboard's files ({@code webroot/} on the class path) under a version that changes with
 * their content: {@code index.html} is served fresh every time and names its stylesheet and script
 * under {@code /assets/<version>/}, so those can be cached for good. Its relative imports resolve
 * under the same versioned path. Read once at start-up.
 */
public final class DashboardAssets {
  static final String ROOT = "webroot";
  private final String version;
  private final byte[] indexHtml;
  private final Map<String, Asset> files;

  /**
   * A file in both forms with the validators of each: an ETag per form (a strong validator names
   * one representation's bytes, so the gzip form has its own) from the content's hash, and the
   * file's own modification time (of the jar entry or the file), the same for both forms.
   */
  record Asset(Gzip.Precompressed body, String etag, String gzipEtag, Instant lastModified) {
    String etag(boolean gzipped) {
      return gzipped ? gzipEtag : etag;
    }
  }

  private record Read(byte[] bytes, Instant lastModified) {}

  private DashboardAssets(String version, byte[] indexHtml, Map<String, Asset> files) {
    this.version = version;
    this.indexHtml = indexHtml;
    this.files = files;
  }

  /** Reads and hashes every dashboard file; blocking, so call it at start-up. */
  public static DashboardAssets load() {
    Map<String, Read> read = files();
    Map<String, byte[]> files = new TreeMap<>();
    read.forEach((name, file) -> files.put(name, file.bytes()));
    byte[] index = files.get("index.html");
    if (index == null) {
      throw new IllegalStateException("the dashboard's " + ROOT + "/index.html is missing");
    }
    String version = digest(files);
    String html =
        new String(index, StandardCharsets.UTF_8)
            .replaceAll("(href|src)=\"((?:css|js)/[^\"]+)\"", "$1=\"/assets/" + version + "/$2\"");
    Map<String, Asset> assets = new TreeMap<>();
    read.forEach((name, file) -> assets.put(name, asset(file)));
    return new DashboardAssets(version, html.getBytes(StandardCharsets.UTF_8), assets);
  }

  private static Asset asset(Read file) {
    String etag = "\"" + digest(Map.of("", file.bytes())) + "\"";
    return new Asset(
        Gzip.Precompressed.of(Buffer.buffer(file.bytes())),
        etag,
        EntityTags.gzipForm(etag),
        file.lastModified().truncatedTo(ChronoUnit.SECONDS));
  }

  String version() {
    return version;
  }

  byte[] indexHtml() {
    return indexHtml;
  }

  /** A file below webroot/ by its path there ({@code css/app.css}) with its gzip form; or null. */
  Asset file(String path) {
    return files.get(path);
  }

  private static String digest(Map<String, byte[]> files) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      files.forEach(
          (name, bytes) -> {
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(bytes);
          });
      return HexFormat.of().formatHex(sha.digest(), 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every file under webroot/, by its path below it, from a directory or from the jar. */
  private static Map<String, Read> files() {
    URL index = DashboardAssets.class.getClassLoader().getResource(ROOT + "/index.html");
    if (index == null) {
      return Map.of();
    }
    Map<String, Read> files = new TreeMap<>();
    try {
      if (index.getProtocol().equals("jar")) {
        JarURLConnection connection = (JarURLConnection) index.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
          for (JarEntry entry : jar.stream().toList()) {
            if (!entry.isDirectory() && entry.getName().startsWith(ROOT + "/")) {
              try (InputStream in = jar.getInputStream(entry)) {
                files.put(
                    entry.getName().substring(ROOT.length() + 1),
                    new Read(
                        in.readAllBytes(), Instant.ofEpochMilli(Math.max(0, entry.getTime()))));
              }
            }
          }
        }
      } else {
        Path root = Path.of(index.toURI()).getParent();
        try (Stream<Path> paths = Files.walk(root)) {
          for (Path p : paths.filter(Files::isRegularFile).toList()) {
            files.put(
                root.relativize(p).toString().replace('\\', '/'),
                new Read(Files.readAllBytes(p), Files.getLastModifiedTime(p).toInstant()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dashboard's files", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return files;
  }
}

package dev.moments.server.db;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Where the database is: the same facts for the Vert.x pool and for Flyway's JDBC connection. */
public record DatabaseTarget(String host, int port, String database, String user, String password) {

  public static DatabaseTarget fromUri(URI uri) {
    String user = "postgres";
    String password = "";
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : "";
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    return new DatabaseTarget(
        uri.getHost(),
        uri.getPort() > 0 ? uri.getPort() : 5432,
        path.isEmpty() ? "postgres" : decode(path),
        user,
        password);
  }

  /**
   * The URL form, password included, as MOMENTS_DB_URL takes it; {@link #toString} leaves the
   * password out.
   */
  public URI uri() {
    String login = encode(user) + (password.isEmpty() ? "" : ":" + encode(password));
    return URI.create("postgresql://" + login + "@" + host + ":" + port + "/" + encode(database));
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setDatabase(database)
        .setUser(user)
        .setPassword(password)
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256)
        .setReconnectAttempts(0);
  }

  public DatabaseTarget withDatabase(String name) {
    return new DatabaseTarget(host, port, name, user, password);
  }

  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}

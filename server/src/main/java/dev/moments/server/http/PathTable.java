package dev.moments.server.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contract's paths ({@code /api/v1/experiments/{key}/start}) and what each one holds, found as
 * the router finds them: a parameter stands for one path segment, a trailing slash is the same
 * path, and a literal segment wins over a parameter. Paths without parameters, the hot SDK routes
 * among them, cost one hash look-up; the others one regular expression each.
 */
final class PathTable<T> {
  private static final Pattern PARAMETER = Pattern.compile("\\{[^}/]+}");

  private record Template<T>(Pattern pattern, int parameters, T value) {}

  private final Map<String, T> literal;
  private final List<Template<T>> templates;

  private PathTable(Map<String, T> literal, List<Template<T>> templates) {
    this.literal = literal;
    this.templates = templates;
  }

  /**
   * @param byPath contract paths to their values; the first of two equal paths wins
   */
  static <T> PathTable<T> of(Map<String, T> byPath) {
    Map<String, T> literal = new HashMap<>();
    List<Template<T>> templates = new ArrayList<>();
    byPath.forEach(
        (path, value) -> {
          int parameters = (int) PARAMETER.matcher(path).results().count();
          if (parameters == 0) {
            literal.putIfAbsent(path, value);
            literal.putIfAbsent(path + "/", value);
          } else {
            templates.add(new Template<>(pattern(path), parameters, value));
          }
        });
    templates.sort(Comparator.comparingInt(Template::parameters));
    return new PathTable<>(Map.copyOf(literal), List.copyOf(templates));
  }

  Optional<T> find(String path) {
    return Optional.ofNullable(get(path));
  }

  /** What {@code path} holds; null when it is no path of the table. */
  T get(String path) {
    T exact = literal.get(path);
    if (exact != null) {
      return exact;
    }
    for (Template<T> t : templates) {
      if (t.pattern().matcher(path).matches()) {
        return t.value();
      }
    }
    return null;
  }

  private static Pattern pattern(String path) {
    StringBuilder regex = new StringBuilder();
    Matcher m = PARAMETER.matcher(path);
    int at = 0;
    while (m.find()) {
      regex.append(Pattern.quote(path.substring(at, m.start()))).append("[^/]+");
      at = m.end();
    }
    regex.append(Pattern.quote(path.substring(at))).append("/?");
    return Pattern.compile(regex.toString());
  }
}

package dev.moments.sdk;

import java.util.List;
import java.util.Map;

/**
 * Who may enter an experiment: a tree of {@code all}/{@code any}/{@code not} around attribute
 * conditions (spec/README.md, "Targeting"). Parsed once, fail fast; matching allocates nothing
 * except for {@code semver_gte}.
 */
public final class Targeting {
  /** One node of the tree. */
  interface Node {
    boolean test(Map<String, ?> attributes);
  }

  private static final Targeting EVERYONE = new Targeting(null);

  private final Node root;

  private Targeting(Node root) {
    this.root = root;
  }

  /** Matches every unit (what null or absent targeting means). */
  public static Targeting everyone() {
    return EVERYONE;
  }

  /**
   * Parses targeting JSON. {@code null}, {@code "null"} and {@code {}} mean everyone.
   *
   * @throws IllegalArgumentException on malformed JSON or a malformed node, naming it
   */
  public static Targeting parse(String json) {
    return json == null ? EVERYONE : fromTree(Json.parse(json));
  }

  static Targeting fromTree(Object tree) {
    if (tree == null || tree instanceof Map<?, ?> map && map.isEmpty()) {
      return EVERYONE;
    }
    return new Targeting(node(tree, "targeting"));
  }

  /** {@code attributes} may be null (no attributes); an attribute mapped to null is missing. */
  public boolean matches(Map<String, ?> attributes) {
    return root == null || root.test(attributes == null ? Map.of() : attributes);
  }

  boolean isEveryone() {
    return root == null;
  }

  private static Node node(Object tree, String path) {
    if (!(tree instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          path + " must be an object, got " + JsonValues.describe(tree));
    }
    String kind = kindOf(map, path);
    switch (kind) {
      case "all":
        {
          Node[] children = children(map.get("all"), path + ".all");
          return attributes -> allMatch(children, attributes);
        }
      case "any":
        {
          Node[] children = children(map.get("any"), path + ".any");
          return attributes -> anyMatches(children, attributes);
        }
      case "not":
        {
          Node child = node(map.get("not"), path + ".not");
          return attributes -> !child.test(attributes);
        }
      default:
        return Condition.parse(map, path);
    }
  }

  private static String kindOf(Map<?, ?> map, String path) {
    String kind = null;
    for (String candidate : List.of("all", "any", "not", "attribute")) {
      if (map.containsKey(candidate)) {
        if (kind != null) {
          throw new IllegalArgumentException(
              path
                  + " has both \""
                  + kind
                  + "\" and \""
                  + candidate
                  + "\"; a node is exactly one of all, any, not or a condition");
        }
        kind = candidate;
      }
    }
    if (kind == null) {
      throw new IllegalArgumentException(
          path + " must have \"all\", \"any\", \"not\" or \"attribute\", got keys " + map.keySet());
    }
    return kind;
  }

  private static Node[] children(Object list, String path) {
    if (!(list instanceof List<?> items)) {
      throw new IllegalArgumentException(
          path + " must be an array, got " + JsonValues.describe(list));
    }
    Node[] children = new Node[items.size()];
    for (int i = 0; i < children.length; i++) {
      children[i] = node(items.get(i), path + "[" + i + "]");
    }
    return children;
  }

  private static boolean allMatch(Node[] children, Map<String, ?> attributes) {
    for (Node child : children) {
      if (!child.test(attributes)) {
        return false;
      }
    }
    return true;
  }

  private static boolean anyMatches(Node[] children, Map<String, ?> attributes) {
    for (Node child : children) {
      if (child.test(attributes)) {
        return true;
      }
    }
    return false;
  }
}

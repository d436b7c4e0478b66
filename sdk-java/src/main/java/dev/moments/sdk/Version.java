package dev.moments.sdk;

/**
 * A dotted numeric version for {@code semver_gte}: optional leading v/V, anything from the first
 * '-' or '+' ignored (a prerelease counts as its release), missing components are 0.
 */
final class Version implements Comparable<Version> {
  private final String[] components; // digits without leading zeros ("" for zero)

  private Version(String[] components) {
    this.components = components;
  }

  /** The version, or null when s is not one. */
  static Version parse(String s) {
    int start = s.startsWith("v") || s.startsWith("V") ? 1 : 0;
    int end = s.length();
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '-' || c == '+') {
        end = i;
        break;
      }
    }
    String[] parts = s.substring(start, end).split("\\.", -1);
    for (int i = 0; i < parts.length; i++) {
      if (!isDigits(parts[i])) {
        return null;
      }
      parts[i] = stripLeadingZeros(parts[i]);
    }
    return new Version(parts);
  }

  private static boolean isDigits(String part) {
    if (part.isEmpty()) {
      return false;
    }
    for (int i = 0; i < part.length(); i++) {
      if (part.charAt(i) < '0' || part.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String stripLeadingZeros(String digits) {
    int i = 0;
    while (i < digits.length() && digits.charAt(i) == '0') {
      i++;
    }
    return digits.substring(i);
  }

  @Override
  public int compareTo(Version other) {
    int n = Math.max(components.length, other.components.length);
    for (int i = 0; i < n; i++) {
      int c = compareComponent(component(i), other.component(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private String component(int i) {
    return i < components.length ? components[i] : "";
  }

  /** Numeric order of arbitrarily long digit strings without leading zeros. */
  private static int compareComponent(String a, String b) {
    return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
  }
}

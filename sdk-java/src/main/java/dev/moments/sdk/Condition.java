package dev.moments.sdk;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One attribute condition; values are validated and typed when parsed so that testing is cheap. */
final class Condition implements Targeting.Node {
  enum Op {
    EQ,
    NEQ,
    IN,
    NIN,
    CONTAINS,
    GT,
    GTE,
    LT,
    LTE,
    EXISTS,
    SEMVER_GTE
  }

  private static final int INCOMPARABLE = Integer.MIN_VALUE;

  private final String attribute;
  private final Op op;
  private final Object value; // String, Double or Boolean; for SEMVER_GTE a Version
  private final Object[] values; // IN and NIN only

  private Condition(String attribute, Op op, Object value, Object[] values) {
    this.attribute = attribute;
    this.op = op;
    this.value = value;
    this.values = values;
  }

  static Condition parse(Map<?, ?> node, String path) {
    String attribute = JsonValues.string(node.get("attribute"), path + ".attribute");
    if (attribute.isEmpty()) {
      throw new IllegalArgumentException(path + ".attribute must not be empty");
    }
    Op op = op(JsonValues.string(node.get("op"), path + ".op"), path + ".op");
    if (op == Op.IN || op == Op.NIN) {
      List<?> list = JsonValues.array(node.get("values"), path + ".values");
      Object[] values = new Object[list.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = scalar(list.get(i), path + ".values[" + i + "]");
      }
      return new Condition(attribute, op, null, values);
    }
    if (!node.containsKey("value")) {
      throw new IllegalArgumentException(path + ": op \"" + opName(op) + "\" needs a \"value\"");
    }
    return new Condition(attribute, op, typedValue(op, node.get("value"), path + ".value"), null);
  }

  private static Op op(String name, String path) {
    for (Op op : Op.values()) {
      if (opName(op).equals(name)) {
        return op;
      }
    }
    throw new IllegalArgumentException(
        path
            + ": unknown op \""
            + name
            + "\" (expected eq, neq, in, nin, contains, gt, gte, lt, lte, exists or semver_gte)");
  }

  private static String opName(Op op) {
    return op.name().toLowerCase(Locale.ROOT);
  }

  private static Object typedValue(Op op, Object raw, String path) {
    switch (op) {
      case EXISTS:
        if (raw instanceof Boolean) {
          return raw;
        }
        throw new IllegalArgumentException(
            path + ": exists needs true or false, got " + JsonValues.describe(raw));
      case GT:
      case GTE:
      case LT:
      case LTE:
        if (raw instanceof Double || raw instanceof String) {
          return raw;
        }
        throw new IllegalArgumentException(
            path
                + ": "
                + opName(op)
                + " needs a number or a string, got "
                + JsonValues.describe(raw));
      case SEMVER_GTE:
        Version version = raw instanceof String s ? Version.parse(s) : null;
        if (version == null) {
          throw new IllegalArgumentException(
              path
                  + ": semver_gte needs a version string like \"1.10.0\", got "
                  + JsonValues.describe(raw));
        }
        return version;
      default:
        return scalar(raw, path);
    }
  }

  private static Object scalar(Object raw, String path) {
    if (raw instanceof String || raw instanceof Double || raw instanceof Boolean) {
      return raw;
    }
    throw new IllegalArgumentException(
        path + " must be a string, a number or a boolean, got " + JsonValues.describe(raw));
  }

  @Override
  public boolean test(Map<String, ?> attributes) {
    Object actual = attributes.get(attribute);
    if (actual == null) {
      return op == Op.NEQ || op == Op.NIN || op == Op.EXISTS && value == Boolean.FALSE;
    }
    switch (op) {
      case EQ:
        return scalarEquals(actual, value);
      case NEQ:
        return !scalarEquals(actual, value);
      case IN:
        return equalsAny(actual);
      case NIN:
        return !equalsAny(actual);
      case CONTAINS:
        return contains(actual);
      case GT:
      case GTE:
      case LT:
      case LTE:
        return ordered(compare(actual));
      case EXISTS:
        return value == Boolean.TRUE;
      case SEMVER_GTE:
        return semverGte(actual);
      default:
        throw new AssertionError(op);
    }
  }

  private boolean ordered(int sign) {
    if (sign == INCOMPARABLE) {
      return false;
    }
    switch (op) {
      case GT:
        return sign > 0;
      case GTE:
        return sign >= 0;
      case LT:
        return sign < 0;
      default:
        return sign <= 0;
    }
  }

  /** Strict equality: no coercion between strings, numbers and booleans; numbers by value. */
  static boolean scalarEquals(Object actual, Object expected) {
    if (expected instanceof Double d) {
      return actual instanceof Number n && n.doubleValue() == d;
    }
    return expected.equals(actual);
  }

  private boolean equalsAny(Object actual) {
    for (Object candidate : values) {
      if (scalarEquals(actual, candidate)) {
        return true;
      }
    }
    return false;
  }

  private boolean contains(Object actual) {
    if (actual instanceof Collection<?> items) {
      for (Object item : items) {
        if (item != null && scalarEquals(item, value)) {
          return true;
        }
      }
      return false;
    }
    return actual instanceof String s && value instanceof String part && s.contains(part);
  }

  /** Sign of actual vs value, or INCOMPARABLE when the types differ. */
  private int compare(Object actual) {
    if (value instanceof Double d && actual instanceof Number n) {
      double a = n.doubleValue();
      return (a > d ? 1 : 0) - (a < d ? 1 : 0);
    }
    if (value instanceof String s && actual instanceof String a) {
      return Integer.signum(a.compareTo(s));
    }
    return INCOMPARABLE;
  }

  private boolean semverGte(Object actual) {
    Version version = actual instanceof String s ? Version.parse(s) : null;
    return version != null && version.compareTo((Version) value) >= 0;
  }
}

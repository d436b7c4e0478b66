package dev.moments.sdk;

/** The one rule for unit ids, shared by the SDKs and the server (which answers 400 otherwise). */
public final class UnitIds {
  static final int MAX_CODE_POINTS = 256;

  private UnitIds() {}

  /** 1 to 256 Unicode code points (not UTF-16 units) and no unpaired surrogate. */
  public static boolean isValid(String unitId) {
    if (unitId == null || unitId.isEmpty() || unitId.length() > 2 * MAX_CODE_POINTS) {
      return false;
    }
    int codePoints = 0;
    int n = unitId.length();
    for (int i = 0; i < n; i++) {
      char c = unitId.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(unitId.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
      codePoints++;
    }
    return codePoints <= MAX_CODE_POINTS;
  }
}

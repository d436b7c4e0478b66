package dev.moments.server.http;

/**
 * The ETags of a resource served in two forms (plain and gzip, {@link Gzip#encodes}): each form has
 * its own, so that a cache holding one form never gets a 304 that would make it serve that form to
 * a request that gets the other.
 */
final class EntityTags {
  private EntityTags() {}

  /** The gzip form's ETag of a resource whose plain form's is {@code etag} (quoted). */
  static String gzipForm(String etag) {
    return etag.substring(0, etag.length() - 1) + "-gzip\"";
  }

  /** {@code etag} or its gzip form's, as the response goes out. */
  static String ofForm(String etag, boolean gzipped) {
    return gzipped ? gzipForm(etag) : etag;
  }

  /**
   * RFC 9110 13.1.2: whether If-None-Match lists {@code etag} (weak comparison: a {@code W/} tag
   * matches) or is {@code *}; false for no header.
   */
  static boolean listed(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String listed : ifNoneMatch.split(",")) {
      String tag = listed.trim();
      tag = tag.startsWith("W/") ? tag.substring(2) : tag;
      if (tag.equals("*") || tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}

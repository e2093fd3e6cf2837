package dev.sway.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * AIP-158 page tokens of the leaderboard and topic lists: the key listed and the offset of the next
 * page, so a token of one list is refused by another. Not a secret: a client may read it, and a
 * forged offset only pages further.
 */
final class PageTokens {
  private PageTokens() {}

  /** The token of the page starting at {@code offset} of the list stored at {@code key}. */
  static String encode(String key, long offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((key + "|" + offset).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The token of a leaderboard page from its cursor (per key of the leaderboard, the entries listed
   * before): on one Redis a single number, the offset, as {@link #encode} writes it.
   */
  static String encodeCursor(String key, long[] cursor) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cursor.length; i++) {
      b.append(i == 0 ? "" : ",").append(cursor[i]);
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((key + "|" + b).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The cursor in a token of {@code key} with {@code shards} numbers, or null when the token is not
   * one of that leaderboard (another list, another layout, negative numbers).
   */
  static long[] decodeCursor(String token, String key, int shards) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int bar = s.lastIndexOf('|');
      if (bar < 0 || !s.substring(0, bar).equals(key)) {
        return null;
      }
      String[] parts = s.substring(bar + 1).split(",", -1);
      if (parts.length != shards) {
        return null;
      }
      long[] cursor = new long[shards];
      for (int i = 0; i < shards; i++) {
        cursor[i] = Long.parseLong(parts[i]);
        if (cursor[i] < 0) {
          return null;
        }
      }
      return cursor;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The offset in a token, or -1 when the token is not one of {@code key}. */
  static long decode(String token, String key) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int bar = s.lastIndexOf('|');
      if (bar < 0 || !s.substring(0, bar).equals(key)) {
        return -1;
      }
      long off = Long.parseLong(s.substring(bar + 1));
      return off < 0 ? -1 : off;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }
}

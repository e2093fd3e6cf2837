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

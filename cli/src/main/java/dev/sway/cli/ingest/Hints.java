package dev.sway.cli.ingest;

import java.util.Locale;
import java.util.Map;

/**
 * What a rejected cell probably meant: the hints the file parsers add to an error, for spellings
 * people commonly have in exports (columns named after other tools, times without a zone, Unix
 * milliseconds, a network in capitals). A hint never changes what is accepted.
 */
final class Hints {
  private Hints() {}

  /** Column names of other tools and exports, with the field they most likely are. */
  private static final Map<String, String> COLUMNS =
      Map.ofEntries(
          Map.entry("id", "event_id"),
          Map.entry("event", "event_id"),
          Map.entry("from", "actor"),
          Map.entry("source", "actor"),
          Map.entry("src", "actor"),
          Map.entry("user", "actor"),
          Map.entry("author", "actor"),
          Map.entry("to", "target"),
          Map.entry("destination", "target"),
          Map.entry("dst", "target"),
          Map.entry("recipient", "target"),
          Map.entry("kind", "type"),
          Map.entry("action", "type"),
          Map.entry("date", "time"),
          Map.entry("created_at", "time"),
          Map.entry("datetime", "time"),
          Map.entry("tags", "topics"),
          Map.entry("hashtags", "topics"),
          Map.entry("user_id", "account"),
          Map.entry("handle", "account"));

  /** The field an unknown column name most likely is, or null. */
  static String column(String normalName) {
    return COLUMNS.get(normalName);
  }

  /** Why {@code s} is not a time this parser reads, with the spelling it probably meant. */
  static String time(String s) {
    String base = "time: '" + s + "' is neither RFC 3339 (2026-11-20T10:00:00Z) nor Unix seconds";
    if (s.matches("\\d{13}")) {
      return base
          + " (it looks like Unix milliseconds: in seconds it is "
          + Long.parseLong(s) / 1000
          + ")";
    }
    if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
      return base + " (a date alone: did you mean " + s + "T00:00:00Z?)";
    }
    if (s.matches("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?")) {
      String t = s.replace(' ', 'T');
      if (t.length() == 16) {
        t += ":00";
      }
      return base + " (RFC 3339 needs a T and a zone: did you mean " + t + "Z, in UTC?)";
    }
    return base;
  }

  /** Why {@code s} is not {@code network:id}, with the spelling it probably meant. */
  static String account(String field, String s) {
    int colon = s.indexOf(':');
    if (colon > 0 && colon < s.length() - 1) {
      String network = s.substring(0, colon);
      String lower = network.toLowerCase(Locale.ROOT);
      if (!network.equals(lower)) {
        return field
            + ": '"
            + s
            + "': a network is lower case (did you mean "
            + lower
            + s.substring(colon)
            + "?)";
      }
    }
    return field + ": '" + s + "' is not network:id (for example x:alice)";
  }
}

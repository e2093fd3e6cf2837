package dev.sway.collectors;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Null-safe reads of untrusted JSON: a missing or mistyped field is null, never an exception. */
final class Json {
  private Json() {}

  static JsonObject obj(JsonObject o, String field) {
    JsonElement e = o == null ? null : o.get(field);
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
  }

  static JsonArray arr(JsonObject o, String field) {
    JsonElement e = o == null ? null : o.get(field);
    return e != null && e.isJsonArray() ? e.getAsJsonArray() : null;
  }

  static String str(JsonObject o, String field) {
    JsonElement e = o == null ? null : o.get(field);
    if (e instanceof JsonPrimitive p && p.isString()) {
      return p.getAsString();
    }
    return null;
  }

  /** A number, or a string holding one (Mastodon sends ids as strings); {@code dflt} otherwise. */
  static long num(JsonObject o, String field, long dflt) {
    JsonElement e = o == null ? null : o.get(field);
    if (e instanceof JsonPrimitive p) {
      try {
        return p.isNumber() ? p.getAsLong() : Long.parseLong(p.getAsString());
      } catch (NumberFormatException ex) {
        return dflt;
      }
    }
    return dflt;
  }

  /** An RFC 3339 time in ms, or -1 when absent or unreadable. */
  static long timeMs(String text) {
    if (text == null) {
      return -1;
    }
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      return -1;
    }
  }
}

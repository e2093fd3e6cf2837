package dev.sway.runtime;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.util.Timestamps;
import java.math.BigDecimal;
import java.text.ParseException;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks the values of a request's JSON against its message's field types before the proto3 JSON
 * parser sees them, so that a wrong value is answered with the accepted forms (an enum's names, a
 * time's RFC 3339 shape, a whole number) and the field's name, rather than with the parser's
 * "Invalid enum value" or "Failed to parse timestamp". Fields it does not know are left to the
 * parser.
 */
final class JsonValueChecks {
  static final String TIME_EXAMPLE = "2026-12-01T10:00:00Z";

  private JsonValueChecks() {}

  static void check(JsonObject json, Descriptor type, String prefix)
      throws HttpJsonRequests.BadInput {
    for (Map.Entry<String, JsonElement> e : json.entrySet()) {
      FieldDescriptor f = field(type, e.getKey());
      if (f == null) {
        continue;
      }
      String path = prefix + f.getName();
      JsonElement v = e.getValue();
      if (f.isRepeated() && v.isJsonArray() && !f.isMapField()) {
        JsonArray a = v.getAsJsonArray();
        for (int i = 0; i < a.size(); i++) {
          value(f, a.get(i), path + "[" + i + "]");
        }
      } else if (!f.isMapField()) {
        value(f, v, path);
      }
    }
  }

  private static void value(FieldDescriptor f, JsonElement v, String path)
      throws HttpJsonRequests.BadInput {
    if (v.isJsonNull()) {
      return;
    }
    switch (f.getJavaType()) {
      case ENUM -> enumValue(f.getEnumType(), v, path);
      case INT, LONG -> wholeNumber(v, path);
      case MESSAGE -> {
        if (f.getMessageType().getFullName().equals("google.protobuf.Timestamp")) {
          time(v, path);
        } else if (v.isJsonObject()) {
          check(v.getAsJsonObject(), f.getMessageType(), path + ".");
        }
      }
      default -> {}
    }
  }

  private static void enumValue(EnumDescriptor type, JsonElement v, String path)
      throws HttpJsonRequests.BadInput {
    if (v.isJsonPrimitive() && type.findValueByName(v.getAsString()) != null) {
      return;
    }
    if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
      return; // numbers are the proto3 JSON mapping's other spelling; the parser judges them
    }
    String accepted =
        type.getValues().stream()
            .map(EnumValueDescriptor::getName)
            .filter(n -> !n.endsWith("_UNSPECIFIED"))
            .collect(Collectors.joining(", "));
    throw new HttpJsonRequests.BadInput(
        "'" + path + "' must be one of " + accepted + "; got " + shown(v));
  }

  private static void wholeNumber(JsonElement v, String path) throws HttpJsonRequests.BadInput {
    if (v.isJsonPrimitive()) {
      JsonPrimitive p = v.getAsJsonPrimitive();
      try {
        new BigDecimal(p.getAsString().strip()).toBigIntegerExact();
        return;
      } catch (NumberFormatException | ArithmeticException e) {
        // reported below
      }
    }
    throw new HttpJsonRequests.BadInput("'" + path + "' must be a whole number; got " + shown(v));
  }

  private static void time(JsonElement v, String path) throws HttpJsonRequests.BadInput {
    if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
      try {
        Timestamps.parse(v.getAsString());
        return;
      } catch (ParseException e) {
        // reported below
      }
    }
    throw new HttpJsonRequests.BadInput(
        "'"
            + path
            + "' must be an RFC 3339 time in UTC or with an offset, such as "
            + TIME_EXAMPLE
            + " or 2026-12-01T11:00:00+01:00; got "
            + shown(v));
  }

  private static String shown(JsonElement v) {
    String s = v.isJsonPrimitive() ? "'" + v.getAsString() + "'" : v.toString();
    return s.length() > 80 ? s.substring(0, 77) + "…" : s;
  }

  static FieldDescriptor field(Descriptor d, String name) {
    FieldDescriptor f = d.findFieldByName(name);
    if (f != null) {
      return f;
    }
    for (FieldDescriptor each : d.getFields()) {
      if (each.getJsonName().equals(name)) {
        return each;
      }
    }
    return null;
  }
}

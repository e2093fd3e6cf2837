package dev.sway.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.util.Map;

/**
 * The one JSON style of {@code --json} (docs/cli.md): the proto3 JSON mapping of the response
 * message with its camelCase names, every field present (zeros, empty strings and empty lists
 * included, so a script never meets a missing key), and 64-bit integers as JSON numbers rather than
 * the mapping's strings (every count Sway returns fits a double exactly). Timestamps stay RFC 3339
 * strings, enums their names.
 */
final class CliJson {
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().alwaysPrintFieldsWithNoPresence();
  private static final Gson PRETTY =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
  private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();

  private CliJson() {}

  /** Indented, for people and scripts alike. */
  static String print(MessageOrBuilder m) {
    return PRETTY.toJson(tree(m));
  }

  /** A tree made from {@link #tree} (and added to), indented as {@link #print}. */
  static String pretty(JsonElement e) {
    return PRETTY.toJson(e);
  }

  /** One line, for streams (one message per line). */
  static String line(MessageOrBuilder m) {
    return COMPACT.toJson(tree(m));
  }

  static JsonElement tree(MessageOrBuilder m) {
    try {
      JsonElement e = JsonParser.parseString(PRINTER.print(m));
      numbers(e, m.getDescriptorForType());
      return e;
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print the answer as JSON", e);
    }
  }

  /** Turns the 64-bit integers of a message's JSON (strings in proto3 JSON) into numbers. */
  private static void numbers(JsonElement e, Descriptor type) {
    if (!e.isJsonObject() || type.getFullName().startsWith("google.protobuf.")) {
      return;
    }
    JsonObject o = e.getAsJsonObject();
    for (FieldDescriptor f : type.getFields()) {
      JsonElement v = o.get(f.getJsonName());
      if (v == null || v.isJsonNull()) {
        continue;
      }
      if (f.isMapField()) {
        FieldDescriptor value = f.getMessageType().findFieldByName("value");
        for (Map.Entry<String, JsonElement> entry : v.getAsJsonObject().entrySet()) {
          JsonElement nv = value(entry.getValue(), value);
          if (nv != entry.getValue()) {
            entry.setValue(nv);
          }
        }
      } else if (f.isRepeated()) {
        JsonArray a = v.getAsJsonArray();
        for (int i = 0; i < a.size(); i++) {
          a.set(i, value(a.get(i), f));
        }
      } else {
        o.add(f.getJsonName(), value(v, f));
      }
    }
  }

  private static JsonElement value(JsonElement v, FieldDescriptor f) {
    switch (f.getJavaType()) {
      case LONG -> {
        if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
          return new JsonPrimitive(Long.parseLong(v.getAsString()));
        }
        return v;
      }
      case MESSAGE -> {
        numbers(v, f.getMessageType());
        return v;
      }
      default -> {
        return v;
      }
    }
  }
}

package dev.sway.runtime;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns an HTTP request into its method's request message for {@link HttpJsonGateway}: the JSON
 * body (at most {@code maxBodyBytes}), then path variables and query parameters over it; a query
 * parameter may not change what the path set.
 */
final class HttpJsonRequests {
  private final int maxBodyBytes;
  private final JsonFormat.Parser parser = JsonFormat.parser();

  HttpJsonRequests(int maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /** A request that cannot become the method's message; the text says what is wrong. */
  static final class BadInput extends Exception {
    private static final long serialVersionUID = 1L;

    BadInput(String message) {
      super(message);
    }
  }

  /** The method's request: the JSON body, then path variables and query parameters over it. */
  Message request(HttpJsonRoutes.Route route, List<String> values, HttpExchange ex)
      throws BadInput, IOException {
    JsonObject json = new JsonObject();
    if (route.body()) {
      byte[] body = readBody(ex.getRequestBody());
      if (body.length > 0) {
        try {
          JsonElement e = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
          if (!e.isJsonObject()) {
            throw new BadInput("the body must be a JSON object");
          }
          json = e.getAsJsonObject();
        } catch (JsonParseException e) {
          throw new BadInput("the body is not JSON: " + e.getMessage());
        }
      }
    }
    Descriptor type = route.prototype().getDescriptorForType();
    for (int i = 0; i < values.size(); i++) {
      put(json, type, route.variables().get(i), decode(values.get(i)));
    }
    String query = ex.getRequestURI().getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        String fixed = HttpJsonRoutes.setByPath(route, name);
        if (fixed != null) {
          // /v1/accounts/x/alice/score?account.network=y must not read another account.
          throw new BadInput(
              "'"
                  + name
                  + "' is set by the path ({"
                  + fixed
                  + "}); a query parameter may not change it");
        }
        put(json, type, name, value);
      }
    }
    JsonValueChecks.check(json, type, "");
    Message.Builder b = route.prototype().newBuilderForType();
    try {
      parser.merge(json.toString(), b);
    } catch (InvalidProtocolBufferException e) {
      throw new BadInput(e.getMessage());
    }
    return b.build();
  }

  /** Sets the field at a dotted path (proto or JSON names) in the request's JSON. */
  private static void put(JsonObject json, Descriptor type, String path, String value)
      throws BadInput {
    String[] parts = path.split("\\.");
    JsonObject at = json;
    Descriptor d = type;
    for (int i = 0; i < parts.length; i++) {
      FieldDescriptor f = field(d, parts[i]);
      if (f == null) {
        throw new BadInput("unknown field '" + path + "'");
      }
      if (i < parts.length - 1) {
        if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || f.isRepeated()) {
          throw new BadInput("'" + path + "': " + f.getName() + " has no fields");
        }
        if (!at.has(f.getJsonName()) || !at.get(f.getJsonName()).isJsonObject()) {
          at.add(f.getJsonName(), new JsonObject());
        }
        at = at.getAsJsonObject(f.getJsonName());
        d = f.getMessageType();
        continue;
      }
      JsonPrimitive v;
      if (f.getJavaType() == FieldDescriptor.JavaType.BOOLEAN) {
        if (!value.equals("true") && !value.equals("false")) {
          throw new BadInput("'" + path + "' must be true or false, got '" + value + "'");
        }
        v = new JsonPrimitive(Boolean.parseBoolean(value));
      } else {
        // Numbers, enums, timestamps and strings: the JSON mapping takes them all as strings.
        v = new JsonPrimitive(value);
      }
      if (f.isRepeated()) {
        if (!at.has(f.getJsonName())) {
          at.add(f.getJsonName(), new JsonArray());
        }
        at.getAsJsonArray(f.getJsonName()).add(v);
      } else {
        at.add(f.getJsonName(), v);
      }
    }
  }

  private static FieldDescriptor field(Descriptor d, String name) {
    return JsonValueChecks.field(d, name);
  }

  private byte[] readBody(InputStream in) throws IOException, BadInput {
    byte[] body = in.readNBytes(maxBodyBytes + 1);
    if (body.length > maxBodyBytes) {
      throw new BadInput("the body is larger than " + maxBodyBytes + " bytes");
    }
    return body;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}

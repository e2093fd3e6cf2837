package dev.sway.runtime;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP routes of gRPC services, read from their {@code google.api.http} annotations: the
 * contract is the one source of the REST mapping, nothing is written twice. Supports what Sway's
 * contracts use: GET and POST, path variables naming (nested) fields ({@code
 * /v1/accounts/{account.network}/{account.account_id}/score}), {@code body: "*"}, and additional
 * bindings; query parameters fill the remaining fields.
 */
final class HttpJsonRoutes {
  private static final Pattern VARIABLE = Pattern.compile("\\{([a-z0-9_.]+)}");

  /** One binding: a verb and a path pattern, and the method it calls. */
  record Route(
      String verb,
      String template,
      Pattern path,
      List<String> variables,
      boolean body,
      MethodDescriptor<Message, Message> method,
      Message prototype) {
    /** The path variables' values (URL-decoded by the caller), or null when the path differs. */
    List<String> match(String verb, String requestPath) {
      if (!this.verb.equals(verb)) {
        return null;
      }
      Matcher m = path.matcher(requestPath);
      if (!m.matches()) {
        return null;
      }
      List<String> values = new ArrayList<>();
      for (int i = 1; i <= m.groupCount(); i++) {
        values.add(m.group(i));
      }
      return values;
    }
  }

  private HttpJsonRoutes() {}

  /**
   * The path variable of {@code route} that the query parameter {@code name} (proto or JSON field
   * names, dotted) would overwrite or reach into, or null when it touches none.
   */
  static String setByPath(Route route, String name) {
    String param = protoPath(route.prototype().getDescriptorForType(), name);
    for (String variable : route.variables()) {
      if (param.equals(variable)
          || param.startsWith(variable + ".")
          || variable.startsWith(param + ".")) {
        return variable;
      }
    }
    return null;
  }

  /** A dotted field path in proto names, whichever names it was given in; unknown parts kept. */
  private static String protoPath(Descriptors.Descriptor type, String path) {
    StringBuilder out = new StringBuilder();
    Descriptors.Descriptor d = type;
    for (String part : path.split("\\.")) {
      Descriptors.FieldDescriptor f = d == null ? null : d.findFieldByName(part);
      if (f == null && d != null) {
        for (Descriptors.FieldDescriptor each : d.getFields()) {
          if (each.getJsonName().equals(part)) {
            f = each;
          }
        }
      }
      out.append(out.length() == 0 ? "" : ".").append(f == null ? part : f.getName());
      d =
          f != null && f.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE
              ? f.getMessageType()
              : null;
    }
    return out.toString();
  }

  /** Every binding of every unary method of the services that carry one. */
  @SuppressWarnings("unchecked")
  static List<Route> of(List<ServiceDescriptor> services) {
    List<Route> out = new ArrayList<>();
    for (ServiceDescriptor service : services) {
      for (MethodDescriptor<?, ?> m : service.getMethods()) {
        if (m.getType() != MethodDescriptor.MethodType.UNARY
            || !(m.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier supplier)) {
          continue;
        }
        Descriptors.MethodDescriptor proto = supplier.getMethodDescriptor();
        if (!proto.getOptions().hasExtension(AnnotationsProto.http)) {
          continue;
        }
        HttpRule rule = proto.getOptions().getExtension(AnnotationsProto.http);
        Message prototype =
            (Message)
                ((MethodDescriptor.PrototypeMarshaller<?>) m.getRequestMarshaller())
                    .getMessagePrototype();
        List<HttpRule> bindings = new ArrayList<>();
        bindings.add(rule);
        bindings.addAll(rule.getAdditionalBindingsList());
        for (HttpRule r : bindings) {
          out.add(route(r, (MethodDescriptor<Message, Message>) m, prototype));
        }
      }
    }
    return out;
  }

  private static Route route(HttpRule r, MethodDescriptor<Message, Message> m, Message proto) {
    String verb;
    String template;
    switch (r.getPatternCase()) {
      case GET -> {
        verb = "GET";
        template = r.getGet();
      }
      case POST -> {
        verb = "POST";
        template = r.getPost();
      }
      default ->
          throw new IllegalArgumentException(
              m.getFullMethodName() + ": HTTP binding " + r.getPatternCase() + " not supported");
    }
    List<String> variables = new ArrayList<>();
    StringBuilder regex = new StringBuilder("^");
    Matcher v = VARIABLE.matcher(template);
    int last = 0;
    while (v.find()) {
      regex.append(Pattern.quote(template.substring(last, v.start()))).append("([^/]+)");
      variables.add(v.group(1));
      last = v.end();
    }
    regex.append(Pattern.quote(template.substring(last))).append('$');
    return new Route(
        verb,
        template,
        Pattern.compile(regex.toString()),
        List.copyOf(variables),
        "*".equals(r.getBody()),
        m,
        proto);
  }
}

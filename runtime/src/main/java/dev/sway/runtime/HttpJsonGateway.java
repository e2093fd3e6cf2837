package dev.sway.runtime;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Help;
import com.google.rpc.QuotaFailure;
import com.google.rpc.RetryInfo;
import com.sun.net.httpserver.HttpExchange;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The services' unary methods as JSON over HTTP, mapped by their {@code google.api.http}
 * annotations ({@link HttpJsonRoutes}). A request is turned into the method's request message (path
 * variables, query parameters, or the JSON body), called through an in-process channel to the same
 * services and interceptors as the gRPC port — same API keys (the {@code Authorization: Bearer}
 * header), same limits, same metrics — and its answer printed with the proto3 JSON mapping, default
 * values included. An error is the call's {@code google.rpc.Status} as JSON (code, message, details
 * such as {@code BadRequest}), under the HTTP status Google's APIs use for its code.
 *
 * <p>Connections are served by {@link HttpFront}: bounded header, body and answer times, and
 * connections per client address; each call has a deadline.
 */
public final class HttpJsonGateway implements AutoCloseable {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private static final JsonFormat.TypeRegistry ERROR_DETAILS =
      JsonFormat.TypeRegistry.newBuilder()
          .add(BadRequest.getDescriptor())
          .add(ErrorInfo.getDescriptor())
          .add(RetryInfo.getDescriptor())
          .add(QuotaFailure.getDescriptor())
          .add(Help.getDescriptor())
          .build();

  private final HttpFront server;
  private final List<HttpJsonRoutes.Route> routes;
  private final Channel channel;
  private final long deadlineMs;
  private final HttpJsonRequests requests;
  private final JsonFormat.Printer printer = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();
  private final JsonFormat.Printer errorPrinter =
      JsonFormat.printer().usingTypeRegistry(ERROR_DETAILS);

  /** The services' key check, asked before a request is read; null when auth is off. */
  private volatile AuthInterceptor auth;

  private HttpJsonGateway(
      HttpFront server,
      List<HttpJsonRoutes.Route> routes,
      Channel channel,
      long deadlineMs,
      int maxBodyBytes) {
    this.server = server;
    this.routes = routes;
    this.channel = channel;
    this.deadlineMs = deadlineMs;
    this.requests = new HttpJsonRequests(maxBodyBytes);
  }

  /**
   * Serves the annotated methods of {@code services} on {@code bindAddress:port} (0: a free port),
   * calling them on {@code channel}.
   */
  public static HttpJsonGateway start(
      String bindAddress,
      int port,
      Channel channel,
      List<ServiceDescriptor> services,
      long deadlineMs,
      int maxBodyBytes,
      HttpLimits limits)
      throws IOException {
    // A handler's answer may wait for its call's deadline; ten more seconds to send it.
    HttpFront server = HttpFront.start(bindAddress, port, limits, deadlineMs + 10_000);
    HttpJsonGateway g =
        new HttpJsonGateway(server, HttpJsonRoutes.of(services), channel, deadlineMs, maxBodyBytes);
    server.context("/v1/", g::handle);
    return g;
  }

  /**
   * Also serves the files under {@code classpathRoot} (a web page of the API): {@code /} is its
   * {@code index.html}, {@code /static/NAME} the file NAME. Only files that exist there, only GET.
   */
  public HttpJsonGateway serveFiles(String classpathRoot) {
    server.context(
        "/",
        ex -> {
          try (ex) {
            String path = ex.getRequestURI().getPath();
            String name =
                path.equals("/")
                    ? "index.html"
                    : path.startsWith("/static/") ? path.substring(8) : null;
            if (!"GET".equals(ex.getRequestMethod())
                || name == null
                || !name.matches("[a-z0-9-]+\\.(html|js|css|svg)")) {
              error(ex, 404, Status.Code.NOT_FOUND.value(), "no page at " + path);
              return;
            }
            try (InputStream in =
                HttpJsonGateway.class.getResourceAsStream(classpathRoot + "/" + name)) {
              if (in == null) {
                error(ex, 404, Status.Code.NOT_FOUND.value(), "no page at " + path);
                return;
              }
              byte[] body = in.readAllBytes();
              String ext = name.substring(name.lastIndexOf('.') + 1);
              ex.getResponseHeaders()
                  .set(
                      "Content-Type",
                      switch (ext) {
                        case "html" -> "text/html; charset=utf-8";
                        case "js" -> "text/javascript; charset=utf-8";
                        case "css" -> "text/css; charset=utf-8";
                        default -> "image/svg+xml";
                      });
              // The page reads the API of its own origin and nothing else.
              ex.getResponseHeaders()
                  .set(
                      "Content-Security-Policy",
                      "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
              ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
              ex.sendResponseHeaders(200, body.length);
              try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
              }
            }
          }
        });
    return this;
  }

  public int port() {
    return server.port();
  }

  /**
   * Checks each request's key with {@code auth} before its body is read or parsed, so that a caller
   * without a valid key costs a header's worth of work (the call is checked again as usual).
   */
  public HttpJsonGateway authenticatedBy(AuthInterceptor auth) {
    this.auth = auth;
    return this;
  }

  /**
   * Why a call of {@code method} with {@code authorization} would be refused, or null when its key
   * passes (or auth is off): for pages that check a key before keeping it.
   */
  public Status refusal(String authorization, io.grpc.MethodDescriptor<?, ?> method) {
    AuthInterceptor a = auth;
    return a == null ? null : a.refusal(authorization, method.getFullMethodName());
  }

  /** Serves {@code handler} at {@code path} too (pages rendered on the server). */
  public HttpJsonGateway page(String path, com.sun.net.httpserver.HttpHandler handler) {
    server.context(path, handler);
    return this;
  }

  /**
   * Calls a method as an HTTP request would: through the same in-process channel, interceptors and
   * deadline, with {@code authorization} (an {@code Authorization} header value, or null) as the
   * call's key. Throws the call's {@link StatusRuntimeException}.
   */
  public <Q extends Message, R extends Message> R call(
      io.grpc.MethodDescriptor<Q, R> method, Q request, String authorization) {
    Metadata headers = new Metadata();
    if (authorization != null) {
      headers.put(AUTHORIZATION, authorization);
    }
    return ClientCalls.blockingUnaryCall(
        ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)),
        method,
        CallOptions.DEFAULT.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS),
        request);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String verb = ex.getRequestMethod();
      HttpJsonRoutes.Route route = null;
      List<String> values = null;
      boolean pathKnown = false;
      for (HttpJsonRoutes.Route r : routes) {
        pathKnown |= r.path().matcher(path).matches();
        values = r.match(verb, path);
        if (values != null) {
          route = r;
          break;
        }
      }
      if (route == null) {
        error(
            ex,
            pathKnown ? 405 : 404,
            Status.Code.UNIMPLEMENTED.value(),
            pathKnown ? verb + " is not allowed on " + path : "no method is mapped to " + path);
        return;
      }
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      Status refused = refusal(auth, route.method());
      if (refused != null) {
        // Before the body: an unauthenticated caller gets no parsing of megabytes.
        error(
            ex, httpStatus(refused.getCode()), refused.getCode().value(), refused.getDescription());
        return;
      }
      Message request;
      try {
        request = requests.request(route, values, ex);
      } catch (HttpJsonRequests.BadInput e) {
        error(ex, 400, Status.Code.INVALID_ARGUMENT.value(), e.getMessage());
        return;
      }
      Metadata headers = new Metadata();
      if (auth != null) {
        headers.put(AUTHORIZATION, auth);
      }
      try {
        Message response =
            ClientCalls.blockingUnaryCall(
                ClientInterceptors.intercept(
                    channel, MetadataUtils.newAttachHeadersInterceptor(headers)),
                route.method(),
                CallOptions.DEFAULT.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS),
                request);
        send(ex, 200, printer.print(response));
      } catch (StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
          status =
              com.google.rpc.Status.newBuilder()
                  .setCode(e.getStatus().getCode().value())
                  .setMessage(String.valueOf(e.getStatus().getDescription()))
                  .build();
        }
        send(ex, httpStatus(e.getStatus().getCode()), errorPrinter.print(status));
      }
    }
  }

  private void error(HttpExchange ex, int http, int code, String message) throws IOException {
    send(
        ex,
        http,
        errorPrinter.print(
            com.google.rpc.Status.newBuilder().setCode(code).setMessage(message).build()));
  }

  private static void send(HttpExchange ex, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** The HTTP status Google's APIs answer for a gRPC code (google/rpc/code.proto). */
  public static int httpStatus(Status.Code code) {
    return switch (code) {
      case OK -> 200;
      case CANCELLED -> 499;
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
      case UNAUTHENTICATED -> 401;
      case PERMISSION_DENIED -> 403;
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, ABORTED -> 409;
      case RESOURCE_EXHAUSTED -> 429;
      case UNIMPLEMENTED -> 501;
      case UNAVAILABLE -> 503;
      case DEADLINE_EXCEEDED -> 504;
      default -> 500;
    };
  }

  /** Stops accepting requests, lets those running finish (up to a second). */
  @Override
  public void close() {
    server.close();
  }
}

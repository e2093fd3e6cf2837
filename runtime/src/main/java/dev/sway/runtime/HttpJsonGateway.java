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
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
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
  private static final JsonFormat.Printer ERRORS =
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
   * {@code index.html}, {@code /static/NAME} the file NAME ({@link HttpFiles}).
   */
  public HttpJsonGateway serveFiles(String classpathRoot) {
    server.context("/", new HttpFiles(classpathRoot));
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
    return ClientCalls.blockingUnaryCall(
        keyed(authorization),
        method,
        CallOptions.DEFAULT.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS),
        request);
  }

  /**
   * Starts a server-streaming call of {@code method} as {@link #call} makes a unary one, but
   * without a deadline: {@code listener} hears each message it asks for with {@code request(n)},
   * then the end. Cancel the call when its reader leaves.
   */
  public <Q extends Message, R extends Message> ClientCall<Q, R> stream(
      io.grpc.MethodDescriptor<Q, R> method,
      Q request,
      String authorization,
      ClientCall.Listener<R> listener) {
    ClientCall<Q, R> c = keyed(authorization).newCall(method, CallOptions.DEFAULT);
    c.start(listener, new Metadata());
    c.sendMessage(request);
    c.halfClose();
    return c;
  }

  /** The in-process channel, sending {@code authorization} (or no key) with every call. */
  private Channel keyed(String authorization) {
    Metadata headers = new Metadata();
    if (authorization != null) {
      headers.put(AUTHORIZATION, authorization);
    }
    return ClientInterceptors.intercept(
        channel, MetadataUtils.newAttachHeadersInterceptor(headers));
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
      try {
        send(ex, 200, printer.print(call(route.method(), request, auth)));
      } catch (StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
          status =
              com.google.rpc.Status.newBuilder()
                  .setCode(e.getStatus().getCode().value())
                  .setMessage(String.valueOf(e.getStatus().getDescription()))
                  .build();
        }
        send(ex, httpStatus(e.getStatus().getCode()), ERRORS.print(status));
      }
    }
  }

  /** {@code status} as JSON, its details included (as every error of this port is printed). */
  public static String print(com.google.rpc.Status status) throws IOException {
    return ERRORS.print(status);
  }

  /** Answers {@code status} as JSON under the HTTP status {@code http}. */
  static void error(HttpExchange ex, int http, com.google.rpc.Status status) throws IOException {
    send(ex, http, ERRORS.print(status));
  }

  /** Answers a {@code google.rpc.Status} of {@code code} and {@code message} as JSON. */
  static void error(HttpExchange ex, int http, int code, String message) throws IOException {
    send(
        ex,
        http,
        ERRORS.print(com.google.rpc.Status.newBuilder().setCode(code).setMessage(message).build()));
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

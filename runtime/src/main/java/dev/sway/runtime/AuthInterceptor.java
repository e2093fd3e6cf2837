package dev.sway.runtime;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Map;

/**
 * Checks {@code authorization: Bearer <key>} on every call of the services it guards:
 * UNAUTHENTICATED when there is no key or it is unknown, PERMISSION_DENIED when the key lacks the
 * scope of the method. Health and reflection are not guarded (probes and tools need them).
 */
public final class AuthInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  /** The name of the key that made the call, for handlers that log. */
  public static final Context.Key<String> CALLER = Context.key("sway-caller");

  /**
   * The {@code authorization} value the call came with, once checked: what a service relays when it
   * asks another to act for its caller (ingest's administrative calls to scoring), so the other
   * checks the caller's own key instead of trusting whoever reaches it.
   */
  public static final Context.Key<String> CREDENTIAL = Context.key("sway-credential");

  private final ApiKeys keys;
  private final Map<String, String> scopeByMethod;
  private final String defaultScope;

  /**
   * @param defaultScope the scope of the methods not in {@code scopeByMethod}; null leaves them
   *     unchecked (scoring guards only its administrative calls this way)
   * @param scopeByMethod full method names (service/method) needing a scope other than the default
   */
  public AuthInterceptor(ApiKeys keys, String defaultScope, Map<String, String> scopeByMethod) {
    this.keys = keys;
    this.defaultScope = defaultScope;
    this.scopeByMethod = Map.copyOf(scopeByMethod);
  }

  /** A checked call: its key's name, or why it is refused. */
  private record Verdict(String caller, Status refusal) {}

  /**
   * Why a call of {@code fullMethodName} with {@code header} (an {@code authorization} value, or
   * null) would be refused, or null when it would pass: what the HTTP gateway asks before it reads
   * a request body.
   */
  public Status refusal(String header, String fullMethodName) {
    return verdict(header, fullMethodName).refusal();
  }

  private Verdict verdict(String header, String method) {
    String scope = scopeByMethod.getOrDefault(method, defaultScope);
    if (scope == null) {
      return new Verdict(null, null);
    }
    if (keys.isEmpty()) {
      return new Verdict(
          null,
          Status.UNAUTHENTICATED.withDescription(
              "no API keys are configured on this service, so " + method + " is refused"));
    }
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      return new Verdict(
          null,
          Status.UNAUTHENTICATED.withDescription(
              "missing API key: send metadata 'authorization: Bearer <key>'"));
    }
    ApiKeys.Key key = keys.find(header.substring(7).strip());
    if (key == null) {
      return new Verdict(null, Status.UNAUTHENTICATED.withDescription("unknown API key"));
    }
    if (!key.scopes().contains(scope) && !key.scopes().contains(ApiKeys.ADMIN)) {
      return new Verdict(
          null,
          Status.PERMISSION_DENIED.withDescription(
              "key '" + key.name() + "' lacks scope " + scope + " needed by " + method));
    }
    return new Verdict(key.name(), null);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String header = headers.get(AUTHORIZATION);
    Verdict v = verdict(header, call.getMethodDescriptor().getFullMethodName());
    if (v.refusal() != null) {
      call.close(v.refusal(), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    if (v.caller() == null) {
      return next.startCall(call, headers);
    }
    return Contexts.interceptCall(
        Context.current().withValues(CALLER, v.caller(), CREDENTIAL, header), call, headers, next);
  }
}

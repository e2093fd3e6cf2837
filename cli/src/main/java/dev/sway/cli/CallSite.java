package dev.sway.cli;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * Where a failed call went: which service, at which address, and which method. A client interceptor
 * adds them to the trailers of every call that fails, so that the error message can name the
 * address and the likely fix without any shared state (the trailers travel with the {@link
 * io.grpc.StatusRuntimeException}). They are added on receipt and never sent.
 */
record CallSite(String service, String target, String method) {
  private static final Metadata.Key<String> SERVICE =
      Metadata.Key.of("sway-cli-service", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> TARGET =
      Metadata.Key.of("sway-cli-target", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> METHOD =
      Metadata.Key.of("sway-cli-method", Metadata.ASCII_STRING_MARSHALLER);

  /** The call site recorded on a failure, or null when the failure did not come from a call. */
  static CallSite of(Throwable t) {
    Metadata m = Status.trailersFromThrowable(t);
    if (m == null || m.get(SERVICE) == null) {
      return null;
    }
    return new CallSite(m.get(SERVICE), m.get(TARGET), m.get(METHOD));
  }

  /** The variable and flag that set this service's address. */
  String addressSetting() {
    return service.equals("ingest")
        ? "--ingest HOST:PORT or SWAY_INGEST_TARGET"
        : "--target HOST:PORT or SWAY_QUERY_TARGET";
  }

  static ClientInterceptor interceptor(String service, String target) {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(
          MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            super.start(
                new SimpleForwardingClientCallListener<>(listener) {
                  @Override
                  public void onClose(Status status, Metadata trailers) {
                    if (!status.isOk()) {
                      trailers.put(SERVICE, service);
                      trailers.put(TARGET, target);
                      trailers.put(METHOD, method.getFullMethodName());
                    }
                    super.onClose(status, trailers);
                  }
                },
                headers);
          }
        };
      }
    };
  }
}

package dev.sway.ingest;

import dev.sway.runtime.AuthInterceptor;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * Sends the key the public call was made with along with an administrative call to scoring, which
 * checks it again: scoring acts on people only for a caller holding the admin scope, not for
 * whoever reaches its port.
 */
final class RelayCredential implements ClientInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    String credential = AuthInterceptor.CREDENTIAL.get();
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        if (credential != null) {
          headers.put(AUTHORIZATION, credential);
        }
        super.start(listener, headers);
      }
    };
  }
}

package dev.sway.runtime;

import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;

/**
 * Makes a request that cannot be parsed (invalid UTF-8 in a string, truncated bytes) an
 * INVALID_ARGUMENT, the client's fault, instead of the UNKNOWN gRPC answers by default.
 */
final class RequestParsing {
  private RequestParsing() {}

  static ServerServiceDefinition strict(ServerServiceDefinition def) {
    ServiceDescriptor old = def.getServiceDescriptor();
    java.util.List<ServerMethodDefinition<?, ?>> methods = new java.util.ArrayList<>();
    ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(old.getName())
        .setSchemaDescriptor(old.getSchemaDescriptor());
    for (ServerMethodDefinition<?, ?> m : def.getMethods()) {
      ServerMethodDefinition<?, ?> w = wrap(m);
      methods.add(w);
      descriptor.addMethod(w.getMethodDescriptor());
    }
    // The service descriptor must hold the very method descriptors that are bound.
    ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(b::addMethod);
    return b.build();
  }

  /** Why the last request parsed on this thread was refused; read right after the parse. */
  private static final ThreadLocal<String> FAILURE = new ThreadLocal<>();

  /*
   * gRPC turns any exception thrown while parsing into UNKNOWN, so the marshaller returns null
   * instead and the handler wrapper closes the call with INVALID_ARGUMENT. Parsing and delivery
   * of one message happen on the same thread, one right after the other.
   */
  private static <Q, R> ServerMethodDefinition<Q, R> wrap(ServerMethodDefinition<Q, R> m) {
    MethodDescriptor<Q, R> d = m.getMethodDescriptor();
    MethodDescriptor.Marshaller<Q> inner = d.getRequestMarshaller();
    MethodDescriptor.Marshaller<Q> lenient = new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(Q value) {
        return inner.stream(value);
      }

      @Override
      public Q parse(InputStream stream) {
        try {
          return inner.parse(stream);
        } catch (RuntimeException e) {
          String why = e instanceof StatusRuntimeException s && s.getStatus().getDescription() != null
              ? s.getStatus().getDescription() : "unreadable";
          FAILURE.set("request is not a valid " + d.getFullMethodName() + " message: " + why);
          return null;
        }
      }
    };
    ServerCallHandler<Q, R> handler = m.getServerCallHandler();
    ServerCallHandler<Q, R> checking = (call, headers) -> {
      ServerCall.Listener<Q> delegate = handler.startCall(call, headers);
      return new ServerCall.Listener<>() {
        private boolean refused;

        @Override
        public void onMessage(Q message) {
          if (refused) {
            return;
          }
          if (message == null) {
            refused = true;
            String why = FAILURE.get();
            FAILURE.remove();
            call.close(Status.INVALID_ARGUMENT.withDescription(why == null ? "unreadable request" : why),
                new io.grpc.Metadata());
            return;
          }
          delegate.onMessage(message);
        }

        @Override
        public void onHalfClose() {
          if (!refused) {
            delegate.onHalfClose();
          }
        }

        @Override
        public void onCancel() {
          delegate.onCancel();
        }

        @Override
        public void onComplete() {
          delegate.onComplete();
        }

        @Override
        public void onReady() {
          if (!refused) {
            delegate.onReady();
          }
        }
      };
    };
    return ServerMethodDefinition.create(d.toBuilder(lenient, d.getResponseMarshaller()).build(), checking);
  }
}

package dev.sway.runtime;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Message;
import io.grpc.KnownLength;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a request that cannot be parsed (invalid UTF-8 in a string, truncated bytes) an
 * INVALID_ARGUMENT, the client's fault, instead of the UNKNOWN gRPC answers by default; and refuses
 * a request with more than {@link #MAX_ITEMS_PER_FIELD} items in one top-level list before parsing
 * it. Without that, 16 MB of empty items is eight million messages to build (tens of seconds of
 * server time and hundreds of MB of garbage) only to be refused by a size check; counting the
 * fields' tags costs a pass over the bytes and allocates nothing.
 */
final class RequestParsing {
  private RequestParsing() {}

  /** Items one list (repeated field) of a request may carry; no Sway request needs more. */
  static final int MAX_ITEMS_PER_FIELD = 10_000;

  static ServerServiceDefinition strict(ServerServiceDefinition def) {
    ServiceDescriptor old = def.getServiceDescriptor();
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(old.getName()).setSchemaDescriptor(old.getSchemaDescriptor());
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
  private static final ThreadLocal<StatusRuntimeException> FAILURE = new ThreadLocal<>();

  /*
   * gRPC turns any exception thrown while parsing into UNKNOWN, so the marshaller returns null
   * instead and the handler wrapper closes the call with INVALID_ARGUMENT. Parsing and delivery
   * of one message happen on the same thread, one right after the other.
   */
  private static <Q, R> ServerMethodDefinition<Q, R> wrap(ServerMethodDefinition<Q, R> m) {
    MethodDescriptor<Q, R> d = m.getMethodDescriptor();
    MethodDescriptor.Marshaller<Q> inner = d.getRequestMarshaller();
    MethodDescriptor.Marshaller<Q> lenient =
        new MethodDescriptor.Marshaller<>() {
          @Override
          public InputStream stream(Q value) {
            return inner.stream(value);
          }

          @Override
          public Q parse(InputStream stream) {
            try {
              // Every item costs at least two bytes on the wire, so a request this small cannot
              // hold too many: most calls (GetScore and the like) are parsed without a copy.
              if (stream instanceof KnownLength && stream.available() <= 2 * MAX_ITEMS_PER_FIELD) {
                return inner.parse(stream);
              }
              byte[] bytes = stream.readAllBytes();
              StatusRuntimeException overfull = overfull(bytes, inner);
              if (overfull != null) {
                FAILURE.set(overfull);
                return null;
              }
              return inner.parse(new ByteArrayInputStream(bytes));
            } catch (RuntimeException | IOException e) {
              String why =
                  e instanceof StatusRuntimeException s && s.getStatus().getDescription() != null
                      ? s.getStatus().getDescription()
                      : "unreadable";
              FAILURE.set(
                  Status.INVALID_ARGUMENT
                      .withDescription(
                          "request is not a valid " + d.getFullMethodName() + " message: " + why)
                      .asRuntimeException());
              return null;
            }
          }
        };
    ServerCallHandler<Q, R> handler = m.getServerCallHandler();
    ServerCallHandler<Q, R> checking =
        (call, headers) -> {
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
                StatusRuntimeException why = FAILURE.get();
                FAILURE.remove();
                if (why == null) {
                  call.close(
                      Status.INVALID_ARGUMENT.withDescription("unreadable request"),
                      new Metadata());
                } else {
                  call.close(
                      why.getStatus(),
                      why.getTrailers() == null ? new Metadata() : why.getTrailers());
                }
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
    return ServerMethodDefinition.create(
        d.toBuilder(lenient, d.getResponseMarshaller()).build(), checking);
  }

  /**
   * INVALID_ARGUMENT naming the first top-level field that occurs more than {@link
   * #MAX_ITEMS_PER_FIELD} times in {@code bytes}, or null. Bytes that are not a valid message are
   * left to the real parser, which says what is wrong with them.
   */
  static StatusRuntimeException overfull(byte[] bytes, MethodDescriptor.Marshaller<?> marshaller) {
    Map<Integer, int[]> counts = new HashMap<>();
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    int worst = -1;
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        int[] n = counts.computeIfAbsent(tag >>> 3, k -> new int[1]);
        if (++n[0] > MAX_ITEMS_PER_FIELD && (worst < 0 || n[0] > counts.get(worst)[0])) {
          worst = tag >>> 3;
        }
        in.skipField(tag);
      }
    } catch (IOException e) {
      return null;
    }
    if (worst < 0) {
      return null;
    }
    String field = "field " + worst;
    if (marshaller instanceof MethodDescriptor.PrototypeMarshaller<?> p
        && p.getMessagePrototype() instanceof Message m
        && m.getDescriptorForType().findFieldByNumber(worst) != null) {
      field = m.getDescriptorForType().findFieldByNumber(worst).getName();
    }
    return Errors.invalidArgument(
        List.of(
            new Errors.Violation(
                field, "at most " + MAX_ITEMS_PER_FIELD + " items, got " + counts.get(worst)[0])));
  }
}

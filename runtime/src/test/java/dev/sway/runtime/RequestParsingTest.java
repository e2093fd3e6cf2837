package dev.sway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import dev.sway.v1.Interaction;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.RecordInteractionsResponse;
import io.grpc.Attributes;
import io.grpc.KnownLength;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What reaches a handler: parsed requests, or a clear INVALID_ARGUMENT for what cannot be one. */
class RequestParsingTest {
  static final String METHOD = "sway.v1.IngestService/RecordInteractions";

  /** Counts the requests the real marshaller parses. */
  final AtomicInteger parsed = new AtomicInteger();

  final List<RecordInteractionsRequest> handled = new ArrayList<>();

  ServerMethodDefinition<RecordInteractionsRequest, RecordInteractionsResponse> strictMethod() {
    MethodDescriptor.PrototypeMarshaller<RecordInteractionsRequest> real =
        (MethodDescriptor.PrototypeMarshaller<RecordInteractionsRequest>)
            ProtoUtils.marshaller(RecordInteractionsRequest.getDefaultInstance());
    MethodDescriptor.PrototypeMarshaller<RecordInteractionsRequest> counting =
        new MethodDescriptor.PrototypeMarshaller<>() {
          @Override
          public RecordInteractionsRequest getMessagePrototype() {
            return real.getMessagePrototype();
          }

          @Override
          public Class<RecordInteractionsRequest> getMessageClass() {
            return real.getMessageClass();
          }

          @Override
          public InputStream stream(RecordInteractionsRequest value) {
            return real.stream(value);
          }

          @Override
          public RecordInteractionsRequest parse(InputStream stream) {
            parsed.incrementAndGet();
            return real.parse(stream);
          }
        };
    MethodDescriptor<RecordInteractionsRequest, RecordInteractionsResponse> d =
        MethodDescriptor.<RecordInteractionsRequest, RecordInteractionsResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(METHOD)
            .setRequestMarshaller(counting)
            .setResponseMarshaller(
                ProtoUtils.marshaller(RecordInteractionsResponse.getDefaultInstance()))
            .build();
    ServerServiceDefinition def =
        ServerServiceDefinition.builder(
                ServiceDescriptor.newBuilder("sway.v1.IngestService").addMethod(d).build())
            .addMethod(
                d,
                (call, headers) ->
                    new ServerCall.Listener<>() {
                      @Override
                      public void onMessage(RecordInteractionsRequest message) {
                        handled.add(message);
                      }
                    })
            .build();
    @SuppressWarnings("unchecked")
    ServerMethodDefinition<RecordInteractionsRequest, RecordInteractionsResponse> m =
        (ServerMethodDefinition<RecordInteractionsRequest, RecordInteractionsResponse>)
            RequestParsing.strict(def).getMethod(METHOD);
    return m;
  }

  /** Delivers {@code bytes} as one request, as the transport would; returns how the call closed. */
  Status deliver(byte[] bytes, Metadata[] trailers) {
    ServerMethodDefinition<RecordInteractionsRequest, RecordInteractionsResponse> m =
        strictMethod();
    Status[] closed = {null};
    ServerCall<RecordInteractionsRequest, RecordInteractionsResponse> call =
        new ServerCall<>() {
          @Override
          public void request(int numMessages) {}

          @Override
          public void sendHeaders(Metadata headers) {}

          @Override
          public void sendMessage(RecordInteractionsResponse message) {}

          @Override
          public void close(Status status, Metadata t) {
            closed[0] = status;
            trailers[0] = t;
          }

          @Override
          public boolean isCancelled() {
            return false;
          }

          @Override
          public Attributes getAttributes() {
            return Attributes.EMPTY;
          }

          @Override
          public MethodDescriptor<RecordInteractionsRequest, RecordInteractionsResponse>
              getMethodDescriptor() {
            return m.getMethodDescriptor();
          }
        };
    ServerCall.Listener<RecordInteractionsRequest> listener =
        m.getServerCallHandler().startCall(call, new Metadata());
    // The transport parses and delivers one message on one thread, one right after the other.
    listener.onMessage(m.getMethodDescriptor().parseRequest(new ByteArrayInputStream(bytes)));
    return closed[0];
  }

  static byte[] emptyItems(int n) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(2 * n);
    for (int i = 0; i < n; i++) {
      // Field 1 (interactions), length-delimited, length 0: an empty Interaction.
      out.write(0x0a);
      out.write(0x00);
    }
    return out.toByteArray();
  }

  @Test
  void tooManyItemsInOneListAreRefusedBeforeAnyIsBuilt() {
    Metadata[] trailers = {null};
    Status s = deliver(emptyItems(2_000_000), trailers);

    assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(parsed).as("the request was never parsed into messages").hasValue(0);
    assertThat(handled).isEmpty();
    com.google.rpc.Status detail = StatusProto.fromStatusAndTrailers(s, trailers[0]);
    assertThat(detail.getDetailsList())
        .anySatisfy(
            any -> {
              BadRequest bad = any.unpack(BadRequest.class);
              assertThat(bad.getFieldViolations(0).getField()).isEqualTo("interactions");
              assertThat(bad.getFieldViolations(0).getDescription())
                  .contains("at most 10000 items, got 2000000");
            });
  }

  @Test
  void aFullListIsParsedAndHandled() {
    byte[] bytes =
        RecordInteractionsRequest.newBuilder()
            .addAllInteractions(
                Collections.nCopies(
                    RequestParsing.MAX_ITEMS_PER_FIELD,
                    Interaction.newBuilder().setEventId("e").build()))
            .build()
            .toByteArray();
    assertThat(deliver(bytes, new Metadata[1])).isNull();
    assertThat(parsed).hasValue(1);
    assertThat(handled)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getInteractionsCount()).isEqualTo(RequestParsing.MAX_ITEMS_PER_FIELD));
  }

  @Test
  void bytesThatAreNoMessageAreStillRefusedAsSuch() {
    Metadata[] trailers = {null};
    // A length-delimited field whose length runs past the end.
    Status s = deliver(new byte[] {0x0a, 0x05, 0x01}, trailers);
    assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(s.getDescription()).contains("is not a valid " + METHOD);
  }

  /** A stream of known length, as the transport hands a request to the marshaller. */
  static final class KnownLengthBytes extends ByteArrayInputStream implements KnownLength {
    KnownLengthBytes(byte[] b) {
      super(b);
    }
  }

  @Test
  void smallRequestsFromTheTransportTakeTheDirectPathAndAreStillChecked() {
    MethodDescriptor<RecordInteractionsRequest, RecordInteractionsResponse> d =
        strictMethod().getMethodDescriptor();
    byte[] ok =
        RecordInteractionsRequest.newBuilder()
            .addInteractions(Interaction.newBuilder().setEventId("e"))
            .build()
            .toByteArray();
    assertThat(d.parseRequest(new KnownLengthBytes(ok)).getInteractions(0).getEventId())
        .isEqualTo("e");
    assertThat(parsed).hasValue(1);
    // Unreadable bytes are refused on this path too (null: the call is closed INVALID_ARGUMENT).
    assertThat(d.parseRequest(new KnownLengthBytes(new byte[] {0x0a, 0x05, 0x01}))).isNull();
  }
}

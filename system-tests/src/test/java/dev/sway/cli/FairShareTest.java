package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import dev.sway.runtime.ApiKeys;
import dev.sway.v1.AccountRef;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.GetScoreResponse;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.QueryServiceGrpc;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.StreamInteractionsRequest;
import dev.sway.v1.StreamInteractionsResponse;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * One key holder cannot lock the others out: it gets a share of the call slots, idle streams and
 * calls whose request never arrives are closed, and another key's calls go through meanwhile.
 */
class FairShareTest {
  static final int MAX = 8;
  static final int PER_CALLER = 4;
  static final long IDLE_MS = 1_500;

  static AccountRef acct(String id) {
    return AccountRef.newBuilder().setNetwork("x").setAccountId(id).build();
  }

  @Test
  void oneKeyHoldingItsShareCannotStopAnotherKeysCalls() throws Exception {
    String hog = ApiKeys.newKey();
    String other = ApiKeys.newKey();
    String keys =
        ApiKeys.entry("hog", Set.of(ApiKeys.INGEST_WRITE, ApiKeys.QUERY_READ), hog)
            + ","
            + ApiKeys.entry("other", Set.of(ApiKeys.INGEST_WRITE, ApiKeys.QUERY_READ), other);
    try (LocalStack stack =
            LocalStack.startWith(
                Map.of(
                    "api-keys",
                    keys,
                    "max-inflight-calls",
                    Integer.toString(MAX),
                    "max-inflight-per-caller",
                    Integer.toString(PER_CALLER),
                    "call-idle-ms",
                    Long.toString(IDLE_MS)));
        SwayClient hogClient =
            new SwayClient(
                "127.0.0.1:" + stack.ingest().port(),
                "127.0.0.1:" + stack.query().port(),
                10_000,
                hog);
        SwayClient otherClient =
            new SwayClient(
                "127.0.0.1:" + stack.ingest().port(),
                "127.0.0.1:" + stack.query().port(),
                10_000,
                other)) {
      // The hog opens more bulk-load streams than its share and sends nothing on them.
      List<CompletableFuture<Status>> streams = new ArrayList<>();
      for (int i = 0; i < MAX; i++) {
        CompletableFuture<Status> end = new CompletableFuture<>();
        StreamObserver<StreamInteractionsRequest> s =
            hogClient
                .ingestStream()
                .streamInteractions(
                    new StreamObserver<StreamInteractionsResponse>() {
                      @Override
                      public void onNext(StreamInteractionsResponse value) {}

                      @Override
                      public void onError(Throwable t) {
                        end.complete(Status.fromThrowable(t));
                      }

                      @Override
                      public void onCompleted() {
                        end.complete(Status.OK);
                      }
                    });
        streams.add(end);
      }
      // Beyond its share, the hog is refused at once…
      long refused = 0;
      for (CompletableFuture<Status> end : streams) {
        try {
          if (end.get(300, TimeUnit.MILLISECONDS).getCode() == Status.Code.RESOURCE_EXHAUSTED) {
            refused++;
          }
        } catch (TimeoutException stillOpen) {
          // admitted and idle
        }
      }
      assertThat(refused).isEqualTo(MAX - PER_CALLER);
      // …while the other key still writes and reads.
      Interaction e =
          Interaction.newBuilder()
              .setEventId("f1")
              .setType(InteractionType.INTERACTION_TYPE_LIKE)
              .setActor(acct("a"))
              .setTarget(acct("b"))
              .setEventTime(Timestamps.fromMillis(System.currentTimeMillis()))
              .build();
      assertThat(
              otherClient
                  .ingest()
                  .recordInteractions(
                      RecordInteractionsRequest.newBuilder().addInteractions(e).build())
                  .getAcceptedCount())
          .isEqualTo(1);
      try {
        otherClient.query().getScore(GetScoreRequest.newBuilder().setAccount(acct("b")).build());
      } catch (StatusRuntimeException notYet) {
        assertThat(notYet.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
      }
      // The idle streams are closed after the idle limit, which gives the hog its share back.
      for (CompletableFuture<Status> end : streams) {
        assertThat(end.get(IDLE_MS * 4, TimeUnit.MILLISECONDS).getCode())
            .isIn(Status.Code.RESOURCE_EXHAUSTED, Status.Code.CANCELLED);
      }
      assertThat(
              hogClient
                  .ingest()
                  .recordInteractions(
                      RecordInteractionsRequest.newBuilder()
                          .addInteractions(e.toBuilder().setEventId("f2"))
                          .build())
                  .getAcceptedCount())
          .isEqualTo(1);
    }
  }

  @Test
  void aCallWhoseRequestNeverArrivesIsClosed() throws Exception {
    try (LocalStack stack = LocalStack.startWith(Map.of("call-idle-ms", Long.toString(IDLE_MS)))) {
      ManagedChannel ch =
          NettyChannelBuilder.forAddress("127.0.0.1", stack.query().port()).usePlaintext().build();
      try {
        Metadata auth = new Metadata();
        auth.put(
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
            "Bearer " + stack.apiKey());
        // Declared streaming on this side so that the headers leave at once (a unary call's wait
        // for its message): to the server it is a GetScore whose request never comes.
        ClientCall<GetScoreRequest, GetScoreResponse> call =
            ch.newCall(
                QueryServiceGrpc.getGetScoreMethod().toBuilder()
                    .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
                    .build(),
                CallOptions.DEFAULT);
        CompletableFuture<Status> closed = new CompletableFuture<>();
        call.start(
            new ClientCall.Listener<>() {
              @Override
              public void onClose(Status status, Metadata trailers) {
                closed.complete(status);
              }
            },
            auth);
        call.request(1);
        // No message, no half-close: the server gives up on it instead of holding a slot forever.
        Status status = closed.get(IDLE_MS * 4, TimeUnit.MILLISECONDS);
        assertThat(status.getCode()).isEqualTo(Status.Code.CANCELLED);
        assertThat(status.getDescription()).contains("no message from the client");
      } finally {
        ch.shutdownNow();
      }
    }
  }
}

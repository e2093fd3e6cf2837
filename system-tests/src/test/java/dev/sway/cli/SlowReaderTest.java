package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import dev.sway.v1.AccountRef;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.StreamInteractionsRequest;
import dev.sway.v1.StreamInteractionsResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A bulk-load client that never reads its acknowledgements: ingest stops reading its batches once
 * the replies cannot be sent (so its memory stays bounded), cancels the stream after the stall
 * time, and keeps serving everyone else.
 */
class SlowReaderTest {
  static final long STALL_MS = 1_500;

  static AccountRef acct(String id) {
    return AccountRef.newBuilder().setNetwork("x").setAccountId(id).build();
  }

  /** A batch whose every item is invalid: each is answered with a reply listing violations. */
  static StreamInteractionsRequest invalidBatch(int n) {
    StreamInteractionsRequest.Builder b = StreamInteractionsRequest.newBuilder().setBatchId(n);
    for (int i = 0; i < 40; i++) {
      b.addInteractions(
          Interaction.newBuilder()
              .setEventId("bad id " + i)
              .setType(InteractionType.INTERACTION_TYPE_LIKE)
              .setActor(acct("BAD ACTOR " + i))
              .setTarget(acct("BAD TARGET " + i))
              .setEventTime(Timestamps.fromMillis(System.currentTimeMillis())));
    }
    return b.build();
  }

  static double rejectedItems(LocalStack stack) {
    var c =
        stack.ingest().registry().find("sway.ingest.events").tag("outcome", "rejected").counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aClientThatNeverReadsIsReadNoFurtherThenCancelled() throws Exception {
    try (LocalStack stack =
            LocalStack.startWith(Map.of("stream-stall-ms", Long.toString(STALL_MS)));
        SwayClient client = stack.client(10_000)) {
      AtomicReference<ClientCallStreamObserver<StreamInteractionsRequest>> call =
          new AtomicReference<>();
      CompletableFuture<Status> closed = new CompletableFuture<>();
      AtomicInteger replies = new AtomicInteger();
      client
          .ingestStream()
          .streamInteractions(
              new ClientResponseObserver<StreamInteractionsRequest, StreamInteractionsResponse>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<StreamInteractionsRequest> r) {
                  r.disableAutoRequestWithInitial(0); // never reads
                  call.set(r);
                }

                @Override
                public void onNext(StreamInteractionsResponse value) {
                  replies.incrementAndGet();
                }

                @Override
                public void onError(Throwable t) {
                  closed.complete(Status.fromThrowable(t));
                }

                @Override
                public void onCompleted() {
                  closed.complete(Status.OK);
                }
              });
      int sent = 3_000;
      for (int n = 0; n < sent; n++) {
        call.get().onNext(invalidBatch(n));
      }
      // The server reads on only while its replies can leave: far fewer batches than were sent.
      Thread.sleep(STALL_MS / 2);
      double readItems = rejectedItems(stack);
      assertThat(readItems).isPositive().isLessThan(sent * 40 / 4.0);
      Thread.sleep(STALL_MS / 2);
      assertThat(rejectedItems(stack)).isLessThan(sent * 40 / 4.0);

      // Stalled past the stall time: cancelled. Reading now drains what was in flight, then the
      // status.
      Thread.sleep(STALL_MS * 2);
      call.get().request(Integer.MAX_VALUE);
      Status status = closed.get(10, TimeUnit.SECONDS);
      assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(replies.get()).isLessThan(sent);

      // Everyone else is still served.
      try {
        client.query().getScore(GetScoreRequest.newBuilder().setAccount(acct("nobody")).build());
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
      }
      List<Interaction> good = new ArrayList<>();
      good.add(
          Interaction.newBuilder()
              .setEventId("g1")
              .setType(InteractionType.INTERACTION_TYPE_LIKE)
              .setActor(acct("a"))
              .setTarget(acct("b"))
              .setEventTime(Timestamps.fromMillis(System.currentTimeMillis()))
              .build());
      assertThat(
              client
                  .ingest()
                  .recordInteractions(
                      RecordInteractionsRequest.newBuilder().addAllInteractions(good).build())
                  .getAcceptedCount())
          .isEqualTo(1);
    }
  }
}

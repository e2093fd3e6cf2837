package dev.sway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Timestamps;
import dev.sway.runtime.ServerConfig;
import dev.sway.runtime.ServiceHost;
import dev.sway.runtime.Settings;
import dev.sway.v1.AccountRef;
import dev.sway.v1.ApplyEventsRequest;
import dev.sway.v1.ApplyEventsResponse;
import dev.sway.v1.IngestServiceGrpc;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.RecordInteractionsResponse;
import dev.sway.v1.ScoringServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ingest service in front of a scoring server that records what reaches it and can fail on
 * purpose: validation happens before forwarding, and UNAVAILABLE is retried.
 */
class IngestForwardingTest {
  final List<ApplyEventsRequest> received = new CopyOnWriteArrayList<>();
  final AtomicInteger failuresLeft = new AtomicInteger();

  /** Until then (System.nanoTime), scoring answers UNAVAILABLE, like one restarting. */
  volatile long downUntilNanos;

  ServiceHost scoring;
  ServiceHost ingest;
  ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    scoring =
        ServiceHost.builder(new ServerConfig("fake-scoring", 0, -1, 2, 16, 1000, 1 << 20))
            .addService(
                new ScoringServiceGrpc.ScoringServiceImplBase() {
                  @Override
                  public void applyEvents(
                      ApplyEventsRequest r, StreamObserver<ApplyEventsResponse> out) {
                    received.add(r);
                    if (failuresLeft.getAndDecrement() > 0 || System.nanoTime() < downUntilNanos) {
                      out.onError(
                          Status.UNAVAILABLE.withDescription("restarting").asRuntimeException());
                      return;
                    }
                    out.onNext(
                        ApplyEventsResponse.newBuilder()
                            .setAcceptedCount(r.getInteractionsCount())
                            .build());
                    out.onCompleted();
                  }
                })
            .build()
            .start();
    ingest =
        IngestServer.start(
            Settings.ofMap(
                Map.of(
                    "grpc-port",
                    "0",
                    "metrics-port",
                    "-1",
                    "auth",
                    "off",
                    "scoring-target",
                    "127.0.0.1:" + scoring.port())),
            Clock.systemUTC());
    channel = NettyChannelBuilder.forAddress("127.0.0.1", ingest.port()).usePlaintext().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    ingest.close();
    scoring.close();
  }

  IngestServiceGrpc.IngestServiceBlockingStub stub() {
    return IngestServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  static Interaction event(String id, String network) {
    return Interaction.newBuilder()
        .setEventId(id)
        .setType(InteractionType.INTERACTION_TYPE_LIKE)
        .setActor(AccountRef.newBuilder().setNetwork(network).setAccountId("a"))
        .setTarget(AccountRef.newBuilder().setNetwork(network).setAccountId("b"))
        .addTopics("#Rust")
        .setEventTime(Timestamps.fromMillis(System.currentTimeMillis()))
        .build();
  }

  @Test
  void anInvalidBatchNeverReachesScoring() {
    assertThatThrownBy(
            () ->
                stub()
                    .recordInteractions(
                        RecordInteractionsRequest.newBuilder()
                            .addInteractions(event("1", "x"))
                            .addInteractions(event("2", "NOPE"))
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThat(received).isEmpty();
  }

  @Test
  void aValidBatchIsForwardedNormalised() {
    assertThat(
            stub()
                .recordInteractions(
                    RecordInteractionsRequest.newBuilder().addInteractions(event("1", "x")).build())
                .getAcceptedCount())
        .isEqualTo(1);
    assertThat(received).hasSize(1);
    assertThat(received.get(0).getInteractions(0).getTopicsList()).containsExactly("rust");
  }

  @Test
  void unavailableScoringIsRetriedUntilItStoresTheBatch() {
    failuresLeft.set(2);
    assertThat(
            stub()
                .recordInteractions(
                    RecordInteractionsRequest.newBuilder().addInteractions(event("1", "x")).build())
                .getAcceptedCount())
        .isEqualTo(1);
    assertThat(received).hasSize(3);
  }

  @Test
  void scoringThatStaysDownIsReportedUnavailable() {
    failuresLeft.set(100);
    assertThatThrownBy(
            () ->
                stub()
                    .recordInteractions(
                        RecordInteractionsRequest.newBuilder()
                            .addInteractions(event("1", "x"))
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  // A scoring restart takes seconds: the batch waits it out within ingest's deadline.
  @Test
  void aBatchRidesOutAScoringRestartOfSeconds() {
    downUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3_000);
    long t0 = System.nanoTime();
    RecordInteractionsResponse r =
        stub()
            .recordInteractions(
                RecordInteractionsRequest.newBuilder()
                    .addInteractions(event("restart-1", "x"))
                    .build());
    assertThat(r.getAcceptedCount()).isEqualTo(1);
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(3_000));
    assertThat(received.size()).isGreaterThan(5);
  }
}

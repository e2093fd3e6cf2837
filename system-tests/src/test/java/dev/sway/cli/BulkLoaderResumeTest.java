package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sway.runtime.ServerConfig;
import dev.sway.runtime.ServiceHost;
import dev.sway.v1.IngestServiceGrpc;
import dev.sway.v1.StreamInteractionsRequest;
import dev.sway.v1.StreamInteractionsResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A bulk load whose stream breaks (the service restarting) resumes from the first batch not
 * acknowledged: every batch is stored once, the resent ones come back as duplicates, and a load
 * that keeps failing stops with what was acknowledged.
 */
class BulkLoaderResumeTest {
  /** An ingest service that stores batch ids and breaks chosen streams after some batches. */
  static final class FlakyIngest extends IngestServiceGrpc.IngestServiceImplBase {
    final Set<Long> stored = ConcurrentHashMap.newKeySet();
    final AtomicInteger streams = new AtomicInteger();
    final int breakAfter;
    final int brokenStreams;

    FlakyIngest(int breakAfter, int brokenStreams) {
      this.breakAfter = breakAfter;
      this.brokenStreams = brokenStreams;
    }

    @Override
    public StreamObserver<StreamInteractionsRequest> streamInteractions(
        StreamObserver<StreamInteractionsResponse> out) {
      int stream = streams.incrementAndGet();
      AtomicInteger seen = new AtomicInteger();
      return new StreamObserver<>() {
        boolean broken;

        @Override
        public void onNext(StreamInteractionsRequest b) {
          if (broken) {
            return;
          }
          boolean fresh = stored.add(b.getBatchId());
          if (stream <= brokenStreams && seen.incrementAndGet() > breakAfter) {
            // Stored, but the acknowledgement is lost with the stream.
            broken = true;
            out.onError(Status.UNAVAILABLE.withDescription("restarting").asRuntimeException());
            return;
          }
          out.onNext(
              StreamInteractionsResponse.newBuilder()
                  .setBatchId(b.getBatchId())
                  .setAcceptedCount(fresh ? 1 : 0)
                  .setDuplicateCount(fresh ? 0 : 1)
                  .build());
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          if (!broken) {
            out.onCompleted();
          }
        }
      };
    }
  }

  static List<StreamInteractionsRequest> batches(int n) {
    List<StreamInteractionsRequest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(StreamInteractionsRequest.newBuilder().setBatchId(i).build());
    }
    return out;
  }

  static ServiceHost serve(FlakyIngest ingest) throws Exception {
    return ServiceHost.builder(new ServerConfig("flaky-ingest", 0, -1, 2, 64, 1000, 1 << 20))
        .addService(ingest)
        .build()
        .start();
  }

  @Test
  void aBrokenStreamResumesFromTheFirstUnacknowledgedBatch() throws Exception {
    FlakyIngest flaky = new FlakyIngest(7, 2);
    ServiceHost host = serve(flaky);
    try (SwayClient client = new SwayClient("127.0.0.1:" + host.port(), null, 10_000, null)) {
      BulkLoader.Totals t = BulkLoader.load(client, batches(40).iterator(), 2, r -> {});
      assertThat(flaky.stored).hasSize(40);
      assertThat(t.resumes.get()).isEqualTo(2);
      // Every batch acknowledged once; the one each break stored without an acknowledgement came
      // back as a duplicate when resent.
      assertThat(t.batches.get()).isEqualTo(40);
      assertThat(t.accepted.get() + t.duplicates.get()).isEqualTo(40);
      assertThat(t.duplicates.get()).isEqualTo(2);
    } finally {
      host.close();
    }
  }

  @Test
  void aLoadThatKeepsFailingStopsWithWhatWasAcknowledged() throws Exception {
    FlakyIngest flaky = new FlakyIngest(0, Integer.MAX_VALUE);
    ServiceHost host = serve(flaky);
    try (SwayClient client = new SwayClient("127.0.0.1:" + host.port(), null, 10_000, null)) {
      assertThatThrownBy(() -> BulkLoader.load(client, batches(10).iterator(), 2, r -> {}))
          .isInstanceOfSatisfying(
              BulkLoader.Failed.class,
              f -> {
                assertThat(f.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(f.totals.batches.get()).isZero();
                assertThat(f.totals.resumes.get()).isEqualTo(BulkLoader.MAX_FAILURES - 1);
              });
    } finally {
      host.close();
    }
  }
}

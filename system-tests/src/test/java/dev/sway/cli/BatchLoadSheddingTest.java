package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.v1.AccountRef;
import dev.sway.v1.BatchGetScoresRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Many large BatchGetScores at once: the query service sheds what it cannot read in time with
 * RESOURCE_EXHAUSTED, costing each batch by its size, instead of letting Redis commands time out
 * into UNAVAILABLE.
 */
class BatchLoadSheddingTest {
  @Test
  void concurrentLargeBatchesAreAnsweredOrShedNeverTimedOut() throws Exception {
    try (LocalStack stack = LocalStack.startWith(Map.of("max-reads-in-flight", "1000"));
        SwayClient client = stack.client(30_000)) {
      BatchGetScoresRequest.Builder b = BatchGetScoresRequest.newBuilder();
      for (int i = 0; i < 1000; i++) {
        b.addAccounts(AccountRef.newBuilder().setNetwork("x").setAccountId("a" + i));
      }
      BatchGetScoresRequest big = b.build();
      int calls = 40;
      ExecutorService pool = Executors.newFixedThreadPool(calls);
      CountDownLatch go = new CountDownLatch(1);
      try {
        List<Future<Status.Code>> results = new ArrayList<>();
        for (int c = 0; c < calls; c++) {
          results.add(
              pool.submit(
                  () -> {
                    go.await();
                    try {
                      client.query().batchGetScores(big);
                      return Status.Code.OK;
                    } catch (StatusRuntimeException e) {
                      return e.getStatus().getCode();
                    }
                  }));
        }
        go.countDown();
        List<Status.Code> codes = new ArrayList<>();
        for (Future<Status.Code> f : results) {
          codes.add(f.get());
        }
        assertThat(codes).containsOnly(Status.Code.OK, Status.Code.RESOURCE_EXHAUSTED);
        assertThat(codes).contains(Status.Code.OK, Status.Code.RESOURCE_EXHAUSTED);
        // Every read given back: the next batch is served.
        assertThat(
                client
                    .query()
                    .batchGetScores(
                        big.toBuilder()
                            .clearAccounts()
                            .addAccounts(
                                AccountRef.newBuilder().setNetwork("x").setAccountId("one"))
                            .build())
                    .getResultsCount())
            .isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}

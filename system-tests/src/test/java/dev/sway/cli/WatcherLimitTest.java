package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.v1.AccountRef;
import dev.sway.v1.Subject;
import dev.sway.v1.WatchScoresRequest;
import dev.sway.v1.WatchScoresResponse;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * More watchers than {@code max-watchers}: the one over the limit is refused at once with
 * RESOURCE_EXHAUSTED (the watchers in place keep their streams), and a watcher that leaves frees
 * its place.
 */
class WatcherLimitTest {
  static final int LIMIT = 3;

  @RegisterExtension
  static final LocalStackExtension LOCAL =
      new LocalStackExtension(Map.of("max-watchers", Integer.toString(LIMIT)));

  /** A watch that records its first message and how it ended. */
  static final class Watch
      implements ClientResponseObserver<WatchScoresRequest, WatchScoresResponse> {
    final CompletableFuture<WatchScoresResponse> first = new CompletableFuture<>();
    final CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientCallStreamObserver<WatchScoresRequest> call;

    Watch() {
      LOCAL
          .client()
          .queryStream()
          .watchScores(
              WatchScoresRequest.newBuilder()
                  .addSubjects(
                      Subject.newBuilder()
                          .setAccount(
                              AccountRef.newBuilder().setNetwork("x").setAccountId("limited")))
                  .build(),
              this);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchScoresRequest> r) {
      call = r;
    }

    @Override
    public void onNext(WatchScoresResponse value) {
      first.complete(value);
    }

    @Override
    public void onError(Throwable t) {
      closed.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      closed.complete(Status.OK);
    }
  }

  @Test
  void theWatcherOverTheLimitIsRefusedAndALeavingOneFreesItsPlace() throws Exception {
    List<Watch> in = new ArrayList<>();
    for (int i = 0; i < LIMIT; i++) {
      Watch w = new Watch();
      assertThat(w.first.get(20, TimeUnit.SECONDS).getInitial()).isTrue();
      in.add(w);
    }
    Watch over = new Watch();
    Status refused = over.closed.get(20, TimeUnit.SECONDS);
    assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.getDescription()).contains("too many watchers", Integer.toString(LIMIT));
    assertThat(over.first).as("refused before any message").isNotDone();
    for (Watch w : in) {
      assertThat(w.closed).as("the watchers in place keep their streams").isNotDone();
    }

    in.get(0).call.cancel("leaving", null);
    // The server learns of the cancellation asynchronously: a new watcher gets in once it has.
    long deadline = System.currentTimeMillis() + 20_000;
    Watch again;
    while (true) {
      again = new Watch();
      CompletableFuture<Object> any = CompletableFuture.anyOf(again.first, again.closed);
      Object result = any.get(20, TimeUnit.SECONDS);
      if (result instanceof WatchScoresResponse) {
        break;
      }
      assertThat(((Status) result).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(System.currentTimeMillis()).as("the place was never freed").isLessThan(deadline);
      Thread.sleep(100);
    }
    assertThat(again.first.get().getInitial()).isTrue();
    again.call.cancel("done", null);
    for (int i = 1; i < in.size(); i++) {
      in.get(i).call.cancel("done", null);
    }
  }
}

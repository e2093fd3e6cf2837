package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import dev.sway.v1.AccountRef;
import dev.sway.v1.ErasePersonRequest;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.LeaderboardWatch;
import dev.sway.v1.LinkAccountsRequest;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.Score;
import dev.sway.v1.Subject;
import dev.sway.v1.WatchScoresRequest;
import dev.sway.v1.WatchScoresResponse;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** WatchScores over real sockets: changes as they are stored, a slow watcher, a reconnect. */
class WatchScoresTest {
  static final int QUEUE = 4;

  @RegisterExtension
  static final LocalStackExtension LOCAL =
      new LocalStackExtension(Map.of("watch-queue-messages", Integer.toString(QUEUE)));

  static AccountRef acct(String id) {
    return AccountRef.newBuilder().setNetwork("x").setAccountId(id).build();
  }

  static int events;

  static void share(String actor, String target) {
    Interaction i =
        Interaction.newBuilder()
            .setEventId("w" + (++events))
            .setType(InteractionType.INTERACTION_TYPE_SHARE)
            .setActor(acct(actor))
            .setTarget(acct(target))
            .addTopics("golf")
            .setEventTime(Timestamps.fromMillis(System.currentTimeMillis() - 1000))
            .build();
    LOCAL
        .client()
        .ingest()
        .recordInteractions(RecordInteractionsRequest.newBuilder().addInteractions(i).build());
  }

  /** A watch whose messages land in a queue; {@code take} waits for the next. */
  static final class Watch
      implements ClientResponseObserver<WatchScoresRequest, WatchScoresResponse> {
    final BlockingQueue<WatchScoresResponse> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Status> closed = new CompletableFuture<>();
    final boolean reads;
    ClientCallStreamObserver<WatchScoresRequest> call;

    Watch(WatchScoresRequest req, boolean reads) {
      this.reads = reads;
      LOCAL.client().queryStream().watchScores(req, this);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchScoresRequest> r) {
      call = r;
      if (!reads) {
        r.disableAutoRequestWithInitial(0);
      }
    }

    @Override
    public void onNext(WatchScoresResponse value) {
      messages.add(value);
    }

    @Override
    public void onError(Throwable t) {
      closed.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      closed.complete(Status.OK);
    }

    WatchScoresResponse take() throws InterruptedException {
      WatchScoresResponse m = messages.poll(20, TimeUnit.SECONDS);
      assertThat(m).as("a message within 20 s").isNotNull();
      return m;
    }

    void cancel() {
      call.cancel("done", null);
    }
  }

  static double dropped() {
    var c = LOCAL.stack().query().registry().find("sway.watchers.dropped").counter();
    return c == null ? 0 : c.count();
  }

  static WatchScoresRequest accounts(String... ids) {
    WatchScoresRequest.Builder b = WatchScoresRequest.newBuilder();
    for (String id : ids) {
      b.addSubjects(Subject.newBuilder().setAccount(acct(id)));
    }
    return b.build();
  }

  static Score score(String id) {
    return LOCAL
        .client()
        .query()
        .getScore(GetScoreRequest.newBuilder().setAccount(acct(id)).build())
        .getScore();
  }

  @Test
  void aWatcherGetsTheCurrentStateThenEachStoredChange() throws Exception {
    Watch w = new Watch(accounts("star"), true);
    WatchScoresResponse first = w.take();
    assertThat(first.getInitial()).isTrue();
    assertThat(first.getNotFound().getAccount()).isEqualTo(acct("star"));
    share("fan1", "star");
    WatchScoresResponse next = w.take();
    assertThat(next.getInitial()).isFalse();
    assertThat(next.getScore().getInteractionCount()).isEqualTo(1);
    assertThat(next.getScore()).isEqualTo(score("star"));
    share("fan2", "star");
    assertThat(w.take().getScore().getInteractionCount()).isEqualTo(2);
    // A change of another account is not sent to this watcher.
    share("fan1", "someone-else");
    share("fan3", "star");
    assertThat(w.take().getScore().getInteractionCount()).isEqualTo(3);
    w.cancel();
  }

  @Test
  void theWatchCommandPrintsTheStateThenTheChange() throws Exception {
    share("c1", "cli-watched");
    CompletableFuture<Object[]> run =
        CompletableFuture.supplyAsync(
            () ->
                CliTest.sway(
                    "watch",
                    "--target",
                    LOCAL.stack().queryTarget(),
                    "--count",
                    "2",
                    "x:cli-watched"));
    // The first line comes from the current state; wait for it, then change the score.
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!run.isDone() && System.nanoTime() < deadline) {
      share("c" + System.nanoTime(), "cli-watched");
      Thread.sleep(300);
    }
    Object[] out = run.get(20, TimeUnit.SECONDS);
    assertThat(out[0]).isEqualTo(0);
    List<String> lines = ((String) out[1]).lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains(" now ", "x:cli-watched");
    assertThat(lines.get(1)).contains(" change ", "x:cli-watched");
  }

  @Test
  void aWatcherOfAnErasedAccountIsToldItHasNoScoreAndTheFeedKeepsNoName() throws Exception {
    share("d1", "doomed");
    Watch w = new Watch(accounts("doomed"), true);
    assertThat(w.take().getScore().getInteractionCount()).isEqualTo(1);
    PersonLifecycleTest.erase(
        LOCAL, ErasePersonRequest.newBuilder().setAccount(acct("doomed")).build());
    WatchScoresResponse gone = w.take();
    assertThat(gone.getNotFound().getAccount()).isEqualTo(acct("doomed"));
    assertThat(PersonLifecycleTest.everythingInRedis(LOCAL))
        .noneMatch(s -> s != null && s.contains("doomed"));
    w.cancel();
  }

  @Test
  void aBadWatchIsRefusedWithTheFieldAtFault() throws Exception {
    Watch both =
        new Watch(
            WatchScoresRequest.newBuilder()
                .setLeaderboard(LeaderboardWatch.newBuilder().setNetwork("x").setTopic("golf"))
                .build(),
            true);
    Status s = both.closed.get(20, TimeUnit.SECONDS);
    assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(s.getDescription()).contains("leaderboard.topic");
    Watch nothing = new Watch(WatchScoresRequest.getDefaultInstance(), true);
    assertThat(nothing.closed.get(20, TimeUnit.SECONDS).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    WatchScoresRequest.Builder many = WatchScoresRequest.newBuilder();
    for (int i = 0; i < 101; i++) {
      many.addSubjects(Subject.newBuilder().setAccount(acct("a" + i)));
    }
    Watch tooMany = new Watch(many.build(), true);
    assertThat(tooMany.closed.get(20, TimeUnit.SECONDS).getDescription()).contains("at most 100");
  }

  @Test
  void aReconnectingWatcherStartsFromTheLatestState() throws Exception {
    share("r1", "comeback");
    Watch w = new Watch(accounts("comeback"), true);
    assertThat(w.take().getScore().getInteractionCount()).isEqualTo(1);
    w.cancel();
    // Changes while nobody watches...
    share("r2", "comeback");
    share("r3", "comeback");
    // ...are in the first message after reconnecting.
    Watch again = new Watch(accounts("comeback"), true);
    WatchScoresResponse m = again.take();
    assertThat(m.getInitial()).isTrue();
    assertThat(m.getScore().getInteractionCount()).isEqualTo(3);
    assertThat(m.getScore()).isEqualTo(score("comeback"));
    again.cancel();
  }

  @Test
  void personsAndLeaderboardTopsAreWatchedToo() throws Exception {
    share("p1", "pa");
    share("p2", "pb");
    LOCAL
        .client()
        .ingest()
        .linkAccounts(
            LinkAccountsRequest.newBuilder()
                .setPersonId("watched")
                .addAccounts(acct("pa"))
                .addAccounts(acct("pb"))
                .build());
    Watch person =
        new Watch(
            WatchScoresRequest.newBuilder()
                .addSubjects(Subject.newBuilder().setPersonId("watched"))
                .build(),
            true);
    assertThat(person.take().getScore().getPersonId()).isEqualTo("watched");
    Watch board =
        new Watch(
            WatchScoresRequest.newBuilder()
                .setLeaderboard(LeaderboardWatch.newBuilder().setTopN(3))
                .build(),
            true);
    assertThat(board.take().getLeaderboard().getEntriesCount()).isBetween(1, 3);
    share("p3", "pb");
    WatchScoresResponse changed = person.take();
    assertThat(changed.getScore().getInteractionCount()).isEqualTo(3);
    assertThat(changed.getScore())
        .isEqualTo(
            LOCAL
                .client()
                .query()
                .getScore(
                    GetScoreRequest.newBuilder()
                        .setSubject(Subject.newBuilder().setPersonId("watched"))
                        .build())
                .getScore());
    WatchScoresResponse top = board.take();
    assertThat(top.getLeaderboard().getTotalSize()).isGreaterThanOrEqualTo(2);
    person.cancel();
    board.cancel();
  }

  @Test
  void aWatcherThatDoesNotReadIsClosedNotBuffered() throws Exception {
    // Long account names make each leaderboard message big, so the transport's window fills and
    // what is left waits in the watcher's bounded queue.
    String pad = "n".repeat(100);
    for (int i = 0; i < 100; i++) {
      share("slowfan" + i, pad + i);
    }
    Watch slow =
        new Watch(
            WatchScoresRequest.newBuilder()
                .setLeaderboard(LeaderboardWatch.newBuilder().setTopN(100))
                .build(),
            false);
    Watch reader = new Watch(accounts("lively"), true);
    reader.take();
    // Each change moves the top 100 (about 13 KB a message): the client's 1 MB window fills
    // within a few hundred, then the watcher's queue of 4.
    for (int i = 0; i < 5000 && dropped() == 0; i++) {
      share("burst" + i, pad + (i % 100));
    }
    assertThat(dropped()).as("watchers dropped").isEqualTo(1);
    // What the transport still holds reaches the client once it reads, then the status.
    slow.call.request(Integer.MAX_VALUE);
    Status s = slow.closed.get(30, TimeUnit.SECONDS);
    assertThat(s.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(s.getDescription()).contains("fell " + QUEUE + " messages behind", "reconnect");
    assertThat(slow.messages.size()).isLessThan(200);
    // Others are unaffected.
    share("still", "lively");
    assertThat(reader.take().getScore().getInteractionCount()).isEqualTo(1);
    reader.cancel();
  }
}

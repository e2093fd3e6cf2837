package dev.sway.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.util.Timestamps;
import dev.sway.local.LocalRedis;
import dev.sway.local.LocalRedisCluster;
import dev.sway.model.Components;
import dev.sway.model.Decay;
import dev.sway.model.ModelConfig;
import dev.sway.runtime.ServiceHost;
import dev.sway.runtime.Settings;
import dev.sway.store.AccountRecord;
import dev.sway.store.HistoryPoint;
import dev.sway.store.HistorySeries;
import dev.sway.store.Leaderboards;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import dev.sway.v1.AccountRef;
import dev.sway.v1.BatchGetScoresRequest;
import dev.sway.v1.BatchGetScoresResponse;
import dev.sway.v1.ExplainScoreRequest;
import dev.sway.v1.ExplainScoreResponse;
import dev.sway.v1.GetScoreHistoryRequest;
import dev.sway.v1.GetScoreHistoryResponse;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.GetScoreResponse;
import dev.sway.v1.LeaderboardEntry;
import dev.sway.v1.ListLeaderboardRequest;
import dev.sway.v1.ListLeaderboardResponse;
import dev.sway.v1.QueryServiceGrpc;
import dev.sway.v1.Score;
import dev.sway.v1.Subject;
import dev.sway.v1.TopicScore;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The query service over a real Redis holding records in the layout of {@code RedisKeys} (written
 * here directly, as the scoring service would).
 */
class QueryServiceRedisTest {
  /** The Redis (or Redis Cluster) the test started. */
  static AutoCloseable redis;

  static RedisConnector writer;
  static ServiceHost query;
  static ManagedChannel channel;

  @BeforeAll
  static void start(TestInfo test) throws Exception {
    if (test.getTestClass().map(c -> c.isAnnotationPresent(OnRedisCluster.class)).orElse(false)) {
      LocalRedisCluster cluster = LocalRedisCluster.start();
      redis = cluster;
      setUp(cluster.uri());
    } else {
      LocalRedis one = LocalRedis.start();
      redis = one;
      setUp(one.uri());
    }
  }

  /** Writes the fixtures to the Redis at {@code uri} and starts a query service on it. */
  static void setUp(String uri) throws Exception {
    writer = RedisConnector.connect(uri, 5000);
    RedisClusterCommands<String, String> w = writer.sync();
    for (int i = 0; i < 25; i++) {
      String m = "x:user" + (char) ('a' + i);
      // Pairs of equal raw scores test the order of ties.
      double raw = 10 + (i / 2);
      AccountRecord r = AccountRecord.empty();
      r.state.interactions = 7;
      Map<String, Double> topics = new LinkedHashMap<>();
      if (i == 0) {
        topics.put("jazz", 12.0);
        topics.put("ai", 3.0);
      }
      r.score =
          new AccountRecord.Score(
              raw,
              new Components(10, 20, 30, 40),
              0,
              Decay.endOfDayMs(DAY),
              1_780_000_000_000L,
              "sway-3",
              topics);
      put(m, r);
      w.zadd(Leaderboards.of(writer).keyOf(RedisKeys.LEADERBOARD_ALL, m), raw, m);
    }
    writeStar(w);
    query =
        QueryServer.start(
            Settings.ofMap(
                Map.of(
                    "grpc-port", "0",
                    "metrics-port", "-1",
                    "http-port", "0",
                    "auth", "off",
                    "redis-uri", uri)));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", query.port()).usePlaintext().build();
  }

  /** The scored day of the fixtures. */
  static final long DAY = 20_600;

  static void put(String member, AccountRecord r) throws Exception {
    writer.binary().set(RedisKeys.account(member), r.encode(1)).get(5, TimeUnit.SECONDS);
  }

  /**
   * {@code y:star}: engaged by three accounts (two of them in its last week), with history points
   * ten and three days before its scored day, linked to person {@code p1}.
   */
  static void writeStar(RedisClusterCommands<String, String> w) throws Exception {
    long at = Decay.endOfDayMs(DAY);
    Decay decay = new Decay(ModelConfig.DEFAULT.halfLifeMs());
    AccountRecord r = AccountRecord.empty();
    r.state.interactions = 12;
    r.state.followers = 900;
    // Pair masses of 4, 10 and 1 at the scored time.
    r.state.engagerTable.record("y:old", decay.scale(4, at), at - 30 * Decay.DAY_MS);
    r.state.engagerTable.record("y:fan", decay.scale(10, at), at - Decay.DAY_MS);
    r.state.engagerTable.record("y:new", decay.scale(1, at), at - 2 * Decay.DAY_MS);
    r.score =
        new AccountRecord.Score(
            40,
            new Components(50, 60, 30, 20),
            3,
            at,
            1_780_000_000_000L,
            "sway-3",
            Map.of("rust", 30.0));
    r.personId = "p1";
    put("y:star", r);
    writer
        .binary()
        .set(
            RedisKeys.history("y:star"),
            HistorySeries.encode(
                List.of(
                    new HistoryPoint(DAY - 10, 40, 45, 30, 20, 30, "sway-3"),
                    new HistoryPoint(DAY - 3, 45, 52, 30, 20, 35, "sway-3"))))
        .get(5, TimeUnit.SECONDS);
    w.sadd(RedisKeys.person("p1"), "y:star", "y:unscored");
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow();
    query.close();
    writer.close();
    redis.close();
  }

  static QueryServiceGrpc.QueryServiceBlockingStub stub() {
    return QueryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  static AccountRef acct(String id) {
    return AccountRef.newBuilder().setNetwork("x").setAccountId(id).build();
  }

  @Test
  void getScoreReturnsTheStoredRecordCalibrated() {
    Score s =
        stub().getScore(GetScoreRequest.newBuilder().setAccount(acct("usera")).build()).getScore();
    assertThat(s.getScore()).isBetween(1.0, 100.0);
    assertThat(s.getComponents().getActivity()).isEqualTo(40.0);
    assertThat(s.getInteractionCount()).isEqualTo(7);
    assertThat(s.getTopicScoresList()).extracting(t -> t.getTopic()).containsExactly("jazz", "ai");
  }

  @Test
  void unknownAccountsAreNotFoundAndMalformedOnesInvalid() {
    assertThatThrownBy(
            () -> stub().getScore(GetScoreRequest.newBuilder().setAccount(acct("nobody")).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThatThrownBy(
            () ->
                stub()
                    .getScore(
                        GetScoreRequest.newBuilder()
                            .setAccount(AccountRef.newBuilder().setNetwork("X!").setAccountId("a"))
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void batchGetKeepsOrderAndMarksTheMissing() {
    BatchGetScoresResponse r =
        stub()
            .batchGetScores(
                BatchGetScoresRequest.newBuilder()
                    .addAccounts(acct("userc"))
                    .addAccounts(acct("ghost"))
                    .addAccounts(acct("usera"))
                    .build());
    assertThat(r.getResultsList())
        .extracting(x -> x.getAccount().getAccountId())
        .containsExactly("userc", "ghost", "usera");
    assertThat(r.getResultsList()).extracting(x -> x.getFound()).containsExactly(true, false, true);
  }

  @Test
  void concurrentPointReadsAreEachAnsweredForTheirOwnSubjects() throws Exception {
    QueryServiceGrpc.QueryServiceFutureStub async = QueryServiceGrpc.newFutureStub(channel);
    List<String> ids = new ArrayList<>();
    List<ListenableFuture<GetScoreResponse>> gets = new ArrayList<>();
    List<ListenableFuture<BatchGetScoresResponse>> batches = new ArrayList<>();
    // Under the per-caller limit of calls in flight (256).
    for (int i = 0; i < 180; i++) {
      String id = i % 30 < 25 ? "user" + (char) ('a' + i % 30) : "ghost" + i;
      ids.add(id);
      gets.add(
          async
              .withDeadlineAfter(30, TimeUnit.SECONDS)
              .getScore(GetScoreRequest.newBuilder().setAccount(acct(id)).build()));
      if (i % 10 == 0) {
        batches.add(
            async
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .batchGetScores(
                    BatchGetScoresRequest.newBuilder()
                        // Accounts come first in the answer, then subjects, in request order.
                        .addAccounts(acct(id))
                        .addSubjects(Subject.newBuilder().setPersonId("p1"))
                        .addAccounts(acct("ghost"))
                        .addSubjects(Subject.newBuilder().setAccount(star()))
                        .build()));
      }
    }
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      if (id.startsWith("ghost")) {
        ListenableFuture<GetScoreResponse> f = gets.get(i);
        assertThatThrownBy(f::get)
            .hasCauseInstanceOf(StatusRuntimeException.class)
            .hasMessageContaining("NOT_FOUND: no score for account x:" + id);
      } else {
        assertThat(gets.get(i).get().getScore().getAccount().getAccountId()).isEqualTo(id);
      }
    }
    for (int j = 0; j < batches.size(); j++) {
      BatchGetScoresResponse r = batches.get(j).get();
      String id = ids.get(j * 10);
      assertThat(r.getResultsList())
          .extracting(
              x -> x.getAccount().getAccountId() + "/" + x.getPersonId() + "/" + x.getFound())
          .containsExactly(
              id + "//" + !id.startsWith("ghost"), "ghost//false", "/p1/true", "star//true");
    }
  }

  @Test
  void leaderboardPagesCoverEveryAccountOnceInAStableOrder() {
    List<LeaderboardEntry> all = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      ListLeaderboardResponse page =
          stub()
              .listLeaderboard(
                  ListLeaderboardRequest.newBuilder().setPageSize(10).setPageToken(token).build());
      assertThat(page.getTotalSize()).isEqualTo(25);
      all.addAll(page.getEntriesList());
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty());
    assertThat(pages).isEqualTo(3);
    assertThat(all)
        .extracting(LeaderboardEntry::getRank)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 25).boxed().toList());
    assertThat(all)
        .extracting(e -> e.getAccount().getAccountId())
        .doesNotHaveDuplicates()
        .hasSize(25);
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).getScore()).isLessThanOrEqualTo(all.get(i - 1).getScore());
    }
    ListLeaderboardResponse again =
        stub().listLeaderboard(ListLeaderboardRequest.newBuilder().setPageSize(25).build());
    assertThat(again.getEntriesList()).isEqualTo(all);
  }

  @Test
  void badPagingArgumentsAreInvalid() {
    for (ListLeaderboardRequest bad :
        List.of(
            ListLeaderboardRequest.newBuilder().setPageSize(-1).build(),
            ListLeaderboardRequest.newBuilder().setPageToken("not-a-token").build(),
            ListLeaderboardRequest.newBuilder().setNetwork("x").setTopic("ai").build(),
            ListLeaderboardRequest.newBuilder()
                .setTopic("ai")
                .setPageToken(PageTokens.encode(RedisKeys.LEADERBOARD_ALL, 10))
                .build())) {
      assertThatThrownBy(() -> stub().listLeaderboard(bad))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }
  }

  @Test
  void aPersonIsScoredFromItsLinkedAccounts() {
    Score s =
        stub()
            .getScore(
                GetScoreRequest.newBuilder()
                    .setSubject(Subject.newBuilder().setPersonId("p1"))
                    .build())
            .getScore();
    assertThat(s.getPersonId()).isEqualTo("p1");
    assertThat(s.getLinkedAccountsList())
        .extracting(AccountRef::getAccountId)
        .containsExactly("star", "unscored");
    assertThat(s.getFollowers()).isEqualTo(900);
    assertThat(s.getDistinctEngagers()).isEqualTo(3);
    assertThat(s.getInteractionCount()).isEqualTo(12);
  }

  @Test
  void historyRunsFromTheFirstPointToTheCurrentScore() {
    GetScoreHistoryResponse h =
        stub().getScoreHistory(GetScoreHistoryRequest.newBuilder().setAccount(star()).build());
    assertThat(h.getPointsList()).hasSize(11);
    dev.sway.v1.HistoryPoint last = h.getPoints(10);
    assertThat(Timestamps.toMillis(last.getDay())).isEqualTo(DAY * Decay.DAY_MS);
    assertThat(last.getComponents().getAmplification()).isEqualTo(60.0);
    assertThat(last.getModelVersion()).isEqualTo("sway-3");
    assertThat(h.getPoints(7).getComponents().getAmplification()).isEqualTo(52.0);
    assertThat(h.getDelta7D()).isPositive();
  }

  @Test
  void anExplanationNamesTheEngagersAndTheWeeksMovers() {
    ExplainScoreResponse e =
        stub().explainScore(ExplainScoreRequest.newBuilder().setAccount(star()).build());
    assertThat(e.getTopEngagersList())
        .extracting(x -> x.getAccount().getNetwork() + ":" + x.getAccount().getAccountId())
        .containsExactly("y:fan", "y:old", "y:new");
    assertThat(e.getTopEngagers(0).getEngagement()).isEqualTo(10.0);
    assertThat(e.getTopEngagers(0).getSharePercent()).isEqualTo(66.7);
    assertThat(Timestamps.toMillis(e.getTopEngagers(0).getLastEngageTime()))
        .isEqualTo(Decay.endOfDayMs(DAY) - Decay.DAY_MS);
    assertThat(e.getChange7D().getMoversList())
        .extracting(x -> x.getAccount().getAccountId())
        .containsExactly("fan", "new");
    assertThat(e.getChange7D().getDelta()).isPositive();
    assertThat(e.getTopTopicsList()).extracting(TopicScore::getTopic).containsExactly("rust");
    assertThat(String.join(" ", e.getSummaryList()))
        .contains(
            "y:star scores",
            "the most engaged of the 3 kept on record",
            "Over the last 7 days it gained");
    // The same numbers, rounded the same way, as GetScore: one meaning per label.
    Score s = stub().getScore(GetScoreRequest.newBuilder().setAccount(star()).build()).getScore();
    assertThat(e.getSummary(0))
        .contains(String.format(java.util.Locale.ROOT, "scores %.1f out of 100", s.getScore()));
    assertThat(String.join(" ", e.getSummaryList()))
        .contains(
            String.format(java.util.Locale.ROOT, "%,d recent engagers", s.getDistinctEngagers()));
    // Nobody is higher than all of them, itself included.
    assertThat(String.join(" ", e.getSummaryList())).doesNotContain("100.0%");
    if (s.getPercentile() >= 100) {
      assertThat(e.getSummary(0)).contains("higher than every other scored account");
    }
  }

  @Test
  void explainingAnUnscoredAccountIsNotFound() {
    assertThatThrownBy(
            () ->
                stub()
                    .explainScore(
                        ExplainScoreRequest.newBuilder().setAccount(acct("nobody")).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void aRecordOfAnotherFormatIsAnInternalError() throws Exception {
    writer
        .binary()
        .set(RedisKeys.account("x:other"), new byte[] {2, 0, 0, 0, 0, 0, 0, 0, 1})
        .get(5, TimeUnit.SECONDS);
    assertThatThrownBy(
            () -> stub().getScore(GetScoreRequest.newBuilder().setAccount(acct("other")).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL));
  }

  static AccountRef star() {
    return AccountRef.newBuilder().setNetwork("y").setAccountId("star").build();
  }
}

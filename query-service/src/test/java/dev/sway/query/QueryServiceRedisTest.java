package dev.sway.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sway.local.LocalRedis;
import dev.sway.runtime.ServiceHost;
import dev.sway.runtime.Settings;
import dev.sway.store.AccountFields;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import dev.sway.v1.AccountRef;
import dev.sway.v1.BatchGetScoresRequest;
import dev.sway.v1.BatchGetScoresResponse;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.LeaderboardEntry;
import dev.sway.v1.ListLeaderboardRequest;
import dev.sway.v1.ListLeaderboardResponse;
import dev.sway.v1.QueryServiceGrpc;
import dev.sway.v1.Score;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The query service over a real Redis holding records in the layout of {@code RedisKeys}
 * (written here directly, as the scoring service would).
 */
class QueryServiceRedisTest {
  static LocalRedis redis;
  static RedisConnector writer;
  static ServiceHost query;
  static ManagedChannel channel;

  @BeforeAll
  static void start() throws Exception {
    redis = LocalRedis.start();
    writer = RedisConnector.connect(redis.uri(), 5000);
    RedisCommands<String, String> w = writer.connection().sync();
    for (int i = 0; i < 25; i++) {
      String m = "x:user" + (char) ('a' + i);
      // Pairs of equal raw scores test the order of ties.
      double raw = 10 + (i / 2);
      w.hset(RedisKeys.account(m), Map.of(AccountFields.RAW, Double.toString(raw),
          AccountFields.COMPONENTS, "10.000,20.000,30.000,40.000", AccountFields.MODEL_VERSION, "sway-1",
          AccountFields.INTERACTIONS, "7", AccountFields.UPDATED_MS, "1780000000000"));
      w.zadd(RedisKeys.LEADERBOARD_ALL, raw, m);
    }
    w.hset(RedisKeys.topicRaws("x:usera"), Map.of("jazz", "12.0", "ai", "3.0"));
    query = QueryServer.start(Settings.ofMap(Map.of("grpc-port", "0", "metrics-port", "-1", "auth", "off", "redis-uri", redis.uri())));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", query.port()).usePlaintext().build();
  }

  @AfterAll
  static void stop() {
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
    Score s = stub().getScore(GetScoreRequest.newBuilder().setAccount(acct("usera")).build()).getScore();
    assertThat(s.getScore()).isBetween(1.0, 100.0);
    assertThat(s.getComponents().getActivity()).isEqualTo(40.0);
    assertThat(s.getInteractionCount()).isEqualTo(7);
    assertThat(s.getTopicScoresList()).extracting(t -> t.getTopic()).containsExactly("jazz", "ai");
  }

  @Test
  void unknownAccountsAreNotFoundAndMalformedOnesInvalid() {
    assertThatThrownBy(() -> stub().getScore(GetScoreRequest.newBuilder().setAccount(acct("nobody")).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThatThrownBy(() -> stub().getScore(GetScoreRequest.newBuilder()
            .setAccount(AccountRef.newBuilder().setNetwork("X!").setAccountId("a")).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void batchGetKeepsOrderAndMarksTheMissing() {
    BatchGetScoresResponse r = stub().batchGetScores(BatchGetScoresRequest.newBuilder()
        .addAccounts(acct("userc")).addAccounts(acct("ghost")).addAccounts(acct("usera")).build());
    assertThat(r.getResultsList()).extracting(x -> x.getAccount().getAccountId())
        .containsExactly("userc", "ghost", "usera");
    assertThat(r.getResultsList()).extracting(x -> x.getFound()).containsExactly(true, false, true);
  }

  @Test
  void leaderboardPagesCoverEveryAccountOnceInAStableOrder() {
    List<LeaderboardEntry> all = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      ListLeaderboardResponse page = stub().listLeaderboard(
          ListLeaderboardRequest.newBuilder().setPageSize(10).setPageToken(token).build());
      assertThat(page.getTotalSize()).isEqualTo(25);
      all.addAll(page.getEntriesList());
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty());
    assertThat(pages).isEqualTo(3);
    assertThat(all).extracting(LeaderboardEntry::getRank).containsExactlyElementsOf(
        java.util.stream.LongStream.rangeClosed(1, 25).boxed().toList());
    assertThat(all).extracting(e -> e.getAccount().getAccountId()).doesNotHaveDuplicates().hasSize(25);
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).getScore()).isLessThanOrEqualTo(all.get(i - 1).getScore());
    }
    ListLeaderboardResponse again = stub().listLeaderboard(ListLeaderboardRequest.newBuilder().setPageSize(25).build());
    assertThat(again.getEntriesList()).isEqualTo(all);
  }

  @Test
  void badPagingArgumentsAreInvalid() {
    for (ListLeaderboardRequest bad : List.of(
        ListLeaderboardRequest.newBuilder().setPageSize(-1).build(),
        ListLeaderboardRequest.newBuilder().setPageToken("not-a-token").build(),
        ListLeaderboardRequest.newBuilder().setNetwork("x").setTopic("ai").build(),
        ListLeaderboardRequest.newBuilder().setTopic("ai")
            .setPageToken(QueryGrpcService.encodeToken(RedisKeys.LEADERBOARD_ALL, 10)).build())) {
      assertThatThrownBy(() -> stub().listLeaderboard(bad))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }
  }
}

package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Timestamps;
import dev.sway.v1.AccountRef;
import dev.sway.v1.ErasePersonRequest;
import dev.sway.v1.GetScoreHistoryRequest;
import dev.sway.v1.GetScoreHistoryResponse;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.LeaderboardEntry;
import dev.sway.v1.LinkAccountsRequest;
import dev.sway.v1.ListLeaderboardRequest;
import dev.sway.v1.ListMoversRequest;
import dev.sway.v1.ListMoversResponse;
import dev.sway.v1.MoveDirection;
import dev.sway.v1.Mover;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.Score;
import dev.sway.v1.Subject;
import dev.sway.v1.UnlinkAccountsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Risers and fallers against real services: the same deltas as the accounts' histories, a rise
 * bought from a reaction farm flagged, and persons with a history and a leaderboard.
 */
class MoversTest {
  @RegisterExtension static final LocalStackExtension LOCAL = new LocalStackExtension();

  static final long DAY_MS = 86_400_000L;
  static final long NOW = System.currentTimeMillis() - 60_000;
  static int ids;

  static AccountRef acct(String network, String id) {
    return AccountRef.newBuilder().setNetwork(network).setAccountId(id).build();
  }

  static Interaction event(InteractionType type, AccountRef actor, AccountRef target, long t) {
    return Interaction.newBuilder()
        .setEventId("mv" + (++ids))
        .setType(type)
        .setActor(actor)
        .setTarget(target)
        .addTopics("chess")
        .setEventTime(Timestamps.fromMillis(t))
        .build();
  }

  static void record(List<Interaction> events) {
    LOCAL
        .client()
        .ingest()
        .recordInteractions(
            RecordInteractionsRequest.newBuilder().addAllInteractions(events).build());
  }

  static void shares(String target, int engagers, long t) {
    RecordInteractionsRequest.Builder b = RecordInteractionsRequest.newBuilder();
    for (int i = 0; i < engagers; i++) {
      b.addInteractions(
          event(
              InteractionType.INTERACTION_TYPE_SHARE,
              acct("x", target + "-fan" + i + "-" + t),
              acct("x", target),
              t + i));
    }
    LOCAL.client().ingest().recordInteractions(b.build());
  }

  @BeforeAll
  static void history() throws Exception {
    long before = NOW - 8 * DAY_MS;
    shares("riser", 2, before);
    shares("fading", 20, before);
    shares("bait", 2, before);
    shares("other", 2, before);
    LOCAL
        .client()
        .ingest()
        .recordInteractions(
            RecordInteractionsRequest.newBuilder()
                .addInteractions(
                    event(
                        InteractionType.INTERACTION_TYPE_SHARE,
                        acct("ig", "riser-fan"),
                        acct("ig", "riser"),
                        before))
                .build());
    // Today: the riser gains 30 engagers; the bait gets likes from three reaction farms, each of
    // which likes 200 accounts today.
    shares("riser", 30, NOW - 1000);
    for (int f = 0; f < 3; f++) {
      RecordInteractionsRequest.Builder b = RecordInteractionsRequest.newBuilder();
      b.addInteractions(
          event(
              InteractionType.INTERACTION_TYPE_LIKE,
              acct("x", "farm" + f),
              acct("x", "bait"),
              NOW));
      for (int i = 0; i < 199; i++) {
        b.addInteractions(
            event(
                InteractionType.INTERACTION_TYPE_LIKE,
                acct("x", "farm" + f),
                acct("x", "filler" + i),
                NOW + i));
      }
      LOCAL.client().ingest().recordInteractions(b.build());
    }
    // The idle accounts are brought to today by the decay sweep: that is what makes them fall.
    assertThat(LOCAL.stack().awaitDecaySweep(30_000)).isTrue();
  }

  static ListMoversResponse movers(MoveDirection d, int window) {
    return LOCAL
        .client()
        .query()
        .listMovers(
            ListMoversRequest.newBuilder()
                .setDirection(d)
                .setWindowDays(window)
                .setPageSize(100)
                .build());
  }

  static Optional<Mover> find(ListMoversResponse r, String id) {
    return r.getMoversList().stream().filter(m -> m.getAccount().equals(acct("x", id))).findFirst();
  }

  static GetScoreHistoryResponse history(Subject s) {
    return LOCAL
        .client()
        .query()
        .getScoreHistory(GetScoreHistoryRequest.newBuilder().setSubject(s).build());
  }

  static Subject account(String id) {
    return Subject.newBuilder().setAccount(acct("x", id)).build();
  }

  @Test
  void risersAndFallersCarryTheirHistorysDeltas() {
    ListMoversResponse up = movers(MoveDirection.MOVE_DIRECTION_UP, 7);
    Mover riser = find(up, "riser").orElseThrow();
    GetScoreHistoryResponse h = history(account("riser"));
    assertThat(riser.getDelta()).isPositive().isEqualTo(h.getDelta7D());
    assertThat(riser.getScore()).isEqualTo(h.getPoints(h.getPointsCount() - 1).getScore());
    assertThat(riser.getDamped()).isFalse();
    assertThat(find(up, "fading")).isEmpty();
    // Ranked by delta, highest first.
    for (int i = 1; i < up.getMoversCount(); i++) {
      assertThat(up.getMovers(i).getDelta()).isLessThanOrEqualTo(up.getMovers(i - 1).getDelta());
      assertThat(up.getMovers(i).getRank()).isEqualTo(i + 1);
    }

    // Per network and per topic, from lists of their own.
    ListMoversResponse x =
        LOCAL.client().query().listMovers(ListMoversRequest.newBuilder().setNetwork("x").build());
    assertThat(find(x, "riser")).contains(riser);
    ListMoversResponse ig =
        LOCAL.client().query().listMovers(ListMoversRequest.newBuilder().setNetwork("ig").build());
    assertThat(ig.getMoversList()).allMatch(m -> m.getAccount().getNetwork().equals("ig"));
    assertThat(find(ig, "riser")).isEmpty();
    ListMoversResponse chess =
        LOCAL.client().query().listMovers(ListMoversRequest.newBuilder().setTopic("chess").build());
    assertThat(find(chess, "riser").map(Mover::getDelta)).contains(riser.getDelta());
    ListMoversResponse none =
        LOCAL.client().query().listMovers(ListMoversRequest.newBuilder().setTopic("golf").build());
    assertThat(none.getMoversList()).isEmpty();

    ListMoversResponse down = movers(MoveDirection.MOVE_DIRECTION_DOWN, 7);
    Mover fading = find(down, "fading").orElseThrow();
    assertThat(fading.getDelta()).isNegative().isEqualTo(history(account("fading")).getDelta7D());
    assertThat(find(down, "riser")).isEmpty();
    // One day: the idle account fell a little, the riser rose by as much as over 7 days.
    Mover fadingDay = find(movers(MoveDirection.MOVE_DIRECTION_DOWN, 1), "fading").orElseThrow();
    assertThat(fadingDay.getDelta()).isEqualTo(history(account("fading")).getDelta1D());
    assertThat(fadingDay.getDelta()).isGreaterThan(fading.getDelta());
  }

  @Test
  void theMoversCommandPrintsRisersFallersAndTheFlag() {
    String q = LOCAL.stack().queryTarget();
    Object[] up = CliTest.sway("movers", "--target", q, "--days", "7", "-n", "50");
    assertThat(up[0]).isEqualTo(0);
    String risers = (String) up[1];
    assertThat(risers).contains("x:riser", "7d ago");
    assertThat(risers.lines().filter(l -> l.contains("x:bait")).findFirst().orElseThrow())
        .contains("damped:");
    assertThat(risers.lines().filter(l -> l.contains("x:riser ")).findFirst().orElseThrow())
        .doesNotContain("damped");
    Object[] down = CliTest.sway("movers", "--target", q, "--down", "--json");
    assertThat(down[0]).isEqualTo(0);
    assertThat((String) down[1]).contains("\"accountId\": \"fading\"");
    assertThat((String) CliTest.sway("movers", "--target", q, "--down")[1])
        .contains("x:fading")
        .doesNotContain("x:riser ");
    assertThat(CliTest.sway("movers", "--target", q, "--days", "3")[0]).isEqualTo(2);
  }

  @Test
  void aRiseFromAReactionFarmIsFlagged() {
    Mover bait = find(movers(MoveDirection.MOVE_DIRECTION_UP, 7), "bait").orElseThrow();
    assertThat(bait.getDelta()).isPositive();
    assertThat(bait.getDamped()).isTrue();
    assertThat(bait.getDampedSharePercent()).isGreaterThanOrEqualTo(50);
  }

  @Test
  void pagesFollowEachOtherWithoutOverlap() {
    ListMoversRequest.Builder req = ListMoversRequest.newBuilder().setWindowDays(7).setPageSize(1);
    ListMoversResponse first = LOCAL.client().query().listMovers(req.build());
    assertThat(first.getMoversCount()).isEqualTo(1);
    ListMoversResponse second =
        LOCAL.client().query().listMovers(req.setPageToken(first.getNextPageToken()).build());
    assertThat(second.getMovers(0).getRank()).isEqualTo(2);
    assertThat(second.getMovers(0).getAccount()).isNotEqualTo(first.getMovers(0).getAccount());
    // A token is bound to its list: the fallers refuse a risers' token.
    assertThatThrownBy(
            () ->
                LOCAL
                    .client()
                    .query()
                    .listMovers(
                        ListMoversRequest.newBuilder()
                            .setDirection(MoveDirection.MOVE_DIRECTION_DOWN)
                            .setPageToken(first.getNextPageToken())
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThatThrownBy(
            () ->
                LOCAL
                    .client()
                    .query()
                    .listMovers(ListMoversRequest.newBuilder().setWindowDays(14).build()))
        .hasMessageContaining("window_days");
  }

  @Test
  void aPersonHasAHistoryAndAPlaceOnThePersonsLeaderboardUntilErased() throws Exception {
    LOCAL
        .client()
        .ingest()
        .linkAccounts(
            LinkAccountsRequest.newBuilder()
                .setPersonId("magnus")
                .addAccounts(acct("x", "riser"))
                .addAccounts(acct("ig", "riser"))
                .build());
    Subject person = Subject.newBuilder().setPersonId("magnus").build();
    Score score =
        LOCAL
            .client()
            .query()
            .getScore(GetScoreRequest.newBuilder().setSubject(person).build())
            .getScore();
    GetScoreHistoryResponse h = history(person);
    assertThat(h.getPoints(h.getPointsCount() - 1).getScore()).isEqualTo(score.getScore());
    // Linking a second network never lowers a person below its best account.
    assertThat(score.getScore())
        .isGreaterThanOrEqualTo(
            history(account("riser")).getPoints(h.getPointsCount() - 1).getScore());
    assertThat(h.getDelta7D()).isPositive();

    List<LeaderboardEntry> board =
        LOCAL
            .client()
            .query()
            .listLeaderboard(ListLeaderboardRequest.newBuilder().setPersons(true).build())
            .getEntriesList();
    assertThat(board).extracting(LeaderboardEntry::getPersonId).containsExactly("magnus");
    assertThat(board.get(0).getScore()).isEqualTo(score.getScore());

    // The same from the command line.
    String q = LOCAL.stack().queryTarget();
    Object[] top = CliTest.sway("top", "--target", q, "--persons");
    assertThat(top[0]).isEqualTo(0);
    assertThat((String) top[1]).contains("person magnus");
    Object[] chart = CliTest.sway("history", "--target", q, "--person", "magnus", "--days", "10");
    assertThat(chart[0]).isEqualTo(0);
    assertThat((String) chart[1]).contains(String.format("7 days %+.1f", h.getDelta7D()));
    // No score 30 days back: the change is not known, and says so.
    assertThat(h.hasDelta30D()).isFalse();
    assertThat((String) chart[1]).contains("30 days n/a");
    assertThat(CliTest.sway("history", "--target", q)[0]).isEqualTo(ExitCode.USAGE.code);

    // Unlinking moves the person's place to what its remaining account is worth.
    LOCAL
        .client()
        .ingest()
        .unlinkAccounts(
            UnlinkAccountsRequest.newBuilder()
                .setPersonId("magnus")
                .addAccounts(acct("ig", "riser"))
                .build());
    Score alone =
        LOCAL
            .client()
            .query()
            .getScore(GetScoreRequest.newBuilder().setSubject(person).build())
            .getScore();
    assertThat(alone.getScore()).isLessThanOrEqualTo(score.getScore());
    assertThat(
            LOCAL
                .client()
                .query()
                .listLeaderboard(ListLeaderboardRequest.newBuilder().setPersons(true).build())
                .getEntries(0)
                .getScore())
        .isEqualTo(alone.getScore());

    PersonLifecycleTest.erase(LOCAL, ErasePersonRequest.newBuilder().setPersonId("magnus").build());
    assertThat(
            LOCAL
                .client()
                .query()
                .listLeaderboard(ListLeaderboardRequest.newBuilder().setPersons(true).build())
                .getEntriesList())
        .isEmpty();
    assertThatThrownBy(() -> history(person))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThat(find(movers(MoveDirection.MOVE_DIRECTION_UP, 7), "riser")).isEmpty();
  }
}

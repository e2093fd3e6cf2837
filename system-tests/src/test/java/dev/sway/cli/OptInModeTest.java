package dev.sway.cli;

import static dev.sway.cli.EndToEndTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Timestamps;
import dev.sway.v1.AccountRef;
import dev.sway.v1.ErasePersonRequest;
import dev.sway.v1.ExplainScoreRequest;
import dev.sway.v1.ExplainScoreResponse;
import dev.sway.v1.ExportPersonRequest;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.ListLeaderboardRequest;
import dev.sway.v1.ProfileSnapshot;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.RecordInteractionsResponse;
import dev.sway.v1.RecordProfileSnapshotsRequest;
import dev.sway.v1.RegisterAccountsRequest;
import dev.sway.v1.Score;
import dev.sway.v1.Subject;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A deployment in opt-in mode, over real sockets: only registered accounts are scored and shown;
 * engagement from unregistered accounts counts for registered targets under a keyed hash, and their
 * ids appear in no score, explanation, export, leaderboard or Redis key.
 */
class OptInModeTest {
  @RegisterExtension
  static final LocalStackExtension LOCAL =
      new LocalStackExtension(Map.of("scoring-mode", "opt-in"));

  static SwayClient client() {
    return LOCAL.client();
  }

  static AccountRef acct(String id) {
    return AccountRef.newBuilder().setNetwork("x").setAccountId(id).build();
  }

  static Subject subject(String id) {
    return Subject.newBuilder().setAccount(acct(id)).build();
  }

  static Score score(String id) {
    return client()
        .query()
        .getScore(GetScoreRequest.newBuilder().setSubject(subject(id)).build())
        .getScore();
  }

  static ExplainScoreResponse explain(String id) {
    return client()
        .query()
        .explainScore(ExplainScoreRequest.newBuilder().setAccount(acct(id)).build());
  }

  static RecordInteractionsResponse record(Interaction... events) {
    return client()
        .ingest()
        .recordInteractions(
            RecordInteractionsRequest.newBuilder().addAllInteractions(List.of(events)).build());
  }

  static void notFound(String id) {
    assertThatThrownBy(() -> score(id))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void onlyRegisteredAccountsAreScoredAndUnregisteredEngagersAreNamedNowhere() throws Exception {
    assertThat(
            client()
                .ingest()
                .registerAccounts(
                    RegisterAccountsRequest.newBuilder()
                        .addAccounts(acct("oi-star"))
                        .addAccounts(acct("oi-star"))
                        .build())
                .getRegisteredCount())
        .isEqualTo(1);
    InteractionType share = InteractionType.INTERACTION_TYPE_SHARE;
    RecordInteractionsResponse r =
        record(
            event("o1", share, "oi-fan1", "oi-star", "chess"),
            event("o2", share, "oi-fan2", "oi-star", "chess"),
            event("o3", share, "oi-fan1", "oi-star", "chess"),
            event("o4", share, "oi-star", "oi-nobody"));
    assertThat(r.getAcceptedCount()).isEqualTo(3);
    assertThat(r.getSuppressedCount()).as("to an unregistered target").isEqualTo(1);
    assertThat(
            client()
                .ingest()
                .recordProfileSnapshots(
                    RecordProfileSnapshotsRequest.newBuilder()
                        .addSnapshots(
                            ProfileSnapshot.newBuilder()
                                .setAccount(acct("oi-nobody"))
                                .setFollowers(5)
                                .setObserveTime(
                                    Timestamps.fromMillis(System.currentTimeMillis() - 1000)))
                        .build())
                .getSuppressedCount())
        .isEqualTo(1);

    Score star = score("oi-star");
    assertThat(star.getInteractionCount()).isEqualTo(3);
    // One pseudonym per engager, the same every time: the per-pair rules see two engagers.
    assertThat(star.getDistinctEngagers()).isEqualTo(2);
    notFound("oi-nobody");
    notFound("oi-fan1");
    assertThat(
            client()
                .query()
                .listLeaderboard(ListLeaderboardRequest.newBuilder().setPageSize(100).build())
                .getEntriesList())
        .extracting(e -> e.getAccount().getAccountId())
        .containsExactly("oi-star");

    ExplainScoreResponse why = explain("oi-star");
    assertThat(why.getTopEngagersList())
        .hasSize(2)
        .allSatisfy(
            e -> {
              assertThat(e.getUnregistered()).isTrue();
              assertThat(e.getAccount().getAccountId()).isEmpty();
              assertThat(e.getAccount().getNetwork()).isEqualTo("x");
            });
    assertThat(String.join(" ", why.getSummaryList()))
        .contains("an unregistered x account")
        .doesNotContain("oi-fan");
    String export =
        client()
            .ingest()
            .exportPerson(ExportPersonRequest.newBuilder().setAccount(acct("oi-star")).build())
            .getJson();
    assertThat(export).contains("oi-star").doesNotContain("oi-fan");
    assertThat(PersonLifecycleTest.everythingInRedis(LOCAL))
        .noneMatch(s -> s != null && (s.contains("oi-fan") || s.contains("oi-nobody")));

    // An unregistered person can still be erased: what it gave under its hash goes too.
    PersonLifecycleTest.erase(
        LOCAL, ErasePersonRequest.newBuilder().setAccount(acct("oi-fan1")).build());
    assertThat(explain("oi-star").getTopEngagersList()).hasSize(1);
  }
}

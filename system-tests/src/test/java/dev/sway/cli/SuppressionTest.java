package dev.sway.cli;

import static dev.sway.cli.EndToEndTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Timestamps;
import dev.sway.v1.AccountRef;
import dev.sway.v1.ErasePersonRequest;
import dev.sway.v1.ExplainScoreRequest;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.LiftSuppressionRequest;
import dev.sway.v1.ProfileSnapshot;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.RecordInteractionsResponse;
import dev.sway.v1.RecordProfileSnapshotsRequest;
import dev.sway.v1.RegisterAccountsRequest;
import dev.sway.v1.Score;
import dev.sway.v1.Subject;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Erased stays erased (open mode), over real sockets: after an erasure, events to and from the
 * account and its snapshots are acknowledged as suppressed and stored nowhere, and the other side
 * of an interaction gets no credit from a suppressed actor, until the suppression is lifted.
 */
class SuppressionTest {
  @RegisterExtension static final LocalStackExtension LOCAL = new LocalStackExtension();

  static SwayClient client() {
    return LOCAL.client();
  }

  static AccountRef acct(String id) {
    return AccountRef.newBuilder().setNetwork("x").setAccountId(id).build();
  }

  static Score score(String id) {
    return client()
        .query()
        .getScore(
            GetScoreRequest.newBuilder()
                .setSubject(Subject.newBuilder().setAccount(acct(id)))
                .build())
        .getScore();
  }

  static RecordInteractionsResponse record(Interaction... events) {
    return client()
        .ingest()
        .recordInteractions(
            RecordInteractionsRequest.newBuilder().addAllInteractions(List.of(events)).build());
  }

  static double suppressedMetric(String reason) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + LOCAL.stack().scoring().metricsPort()
                                + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    Matcher m =
        Pattern.compile(
                "sway_scoring_suppressed_total\\{[^}]*reason=\""
                    + reason
                    + "\"[^}]*\\} ([0-9.eE+]+)")
            .matcher(r.body());
    assertThat(m.find()).as(r.body()).isTrue();
    return Double.parseDouble(m.group(1));
  }

  static void expect(Status.Code code, Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
  }

  @Test
  void anErasedAccountStaysErasedUntilItsSuppressionIsLifted() throws Exception {
    InteractionType share = InteractionType.INTERACTION_TYPE_SHARE;
    record(
        event("s1", share, "pv-f1", "pv-gone"),
        event("s2", share, "pv-gone", "pv-other"),
        event("s3", share, "pv-f2", "pv-other"));
    PersonLifecycleTest.erase(
        LOCAL, ErasePersonRequest.newBuilder().setAccount(acct("pv-gone")).build());
    long before = score("pv-other").getInteractionCount();

    // To it, from it, and a snapshot of it: acknowledged, counted as suppressed, stored nowhere.
    RecordInteractionsResponse r =
        record(
            event("s4", share, "pv-gone", "pv-other"),
            event("s5", share, "pv-f3", "pv-gone"),
            event("s6", share, "pv-f3", "pv-other"));
    assertThat(r.getAcceptedCount()).isEqualTo(1);
    assertThat(r.getSuppressedCount()).isEqualTo(2);
    assertThat(
            client()
                .ingest()
                .recordProfileSnapshots(
                    RecordProfileSnapshotsRequest.newBuilder()
                        .addSnapshots(
                            ProfileSnapshot.newBuilder()
                                .setAccount(acct("pv-gone"))
                                .setFollowers(10)
                                .setObserveTime(
                                    Timestamps.fromMillis(System.currentTimeMillis() - 1000)))
                        .build())
                .getSuppressedCount())
        .isEqualTo(1);

    assertThat(PersonLifecycleTest.everythingInRedis(LOCAL))
        .noneMatch(s -> s != null && s.contains("pv-gone"));
    // Counted where operators look: the scoring service's metrics.
    assertThat(suppressedMetric("erased")).isGreaterThanOrEqualTo(3);
    expect(Status.Code.NOT_FOUND, () -> score("pv-gone"));
    // The other side got nothing from the suppressed actor: only s6 counted.
    assertThat(score("pv-other").getInteractionCount()).isEqualTo(before + 1);
    assertThat(
            client()
                .query()
                .explainScore(ExplainScoreRequest.newBuilder().setAccount(acct("pv-other")).build())
                .getTopEngagersList())
        .extracting(e -> e.getAccount().getAccountId())
        .doesNotContain("pv-gone");
    // Consent does not undo an erasure: the suppression must be lifted, explicitly.
    expect(
        Status.Code.FAILED_PRECONDITION,
        () ->
            client()
                .ingest()
                .registerAccounts(
                    RegisterAccountsRequest.newBuilder().addAccounts(acct("pv-gone")).build()));

    LiftSuppressionRequest lift =
        LiftSuppressionRequest.newBuilder().setAccount(acct("pv-gone")).build();
    assertThat(client().ingest().liftSuppression(lift).getLifted()).isTrue();
    assertThat(client().ingest().liftSuppression(lift).getLifted()).isFalse();
    assertThat(record(event("s7", share, "pv-f4", "pv-gone")).getAcceptedCount()).isEqualTo(1);
    // What was erased stays erased: it starts again from this one event.
    assertThat(score("pv-gone").getInteractionCount()).isEqualTo(1);
  }

  @Test
  void suppressionCallsAreChecked() {
    expect(
        Status.Code.INVALID_ARGUMENT,
        () -> client().ingest().liftSuppression(LiftSuppressionRequest.getDefaultInstance()));
    expect(
        Status.Code.INVALID_ARGUMENT,
        () -> client().ingest().registerAccounts(RegisterAccountsRequest.getDefaultInstance()));
  }
}

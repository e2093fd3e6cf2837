package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Timestamps;
import com.google.rpc.BadRequest;
import dev.sway.runtime.Errors;
import dev.sway.v1.AccountRef;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.ProfileSnapshot;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.RecordInteractionsResponse;
import dev.sway.v1.RecordProfileSnapshotsRequest;
import dev.sway.v1.Score;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis and the three services as separate gRPC servers on free ports, driven over real sockets
 * through the public API only.
 */
class EndToEndTest {
  @RegisterExtension static final LocalStackExtension LOCAL = new LocalStackExtension();

  static LocalStack stack() {
    return LOCAL.stack();
  }

  static SwayClient client() {
    return LOCAL.client();
  }

  static AccountRef acct(String id) {
    return AccountRef.newBuilder().setNetwork("x").setAccountId(id).build();
  }

  static Interaction event(
      String id, InteractionType type, String actor, String target, String... topics) {
    return Interaction.newBuilder()
        .setEventId(id)
        .setType(type)
        .setActor(acct(actor))
        .setTarget(acct(target))
        .addAllTopics(List.of(topics))
        .setEventTime(Timestamps.fromMillis(System.currentTimeMillis() - 60_000))
        .build();
  }

  static void snapshot(String id, long followers) {
    client()
        .ingest()
        .recordProfileSnapshots(
            RecordProfileSnapshotsRequest.newBuilder()
                .addSnapshots(
                    ProfileSnapshot.newBuilder()
                        .setAccount(acct(id))
                        .setFollowers(followers)
                        .setFollowing(100)
                        .setPosts(50)
                        .setObserveTime(
                            Timestamps.fromMillis(System.currentTimeMillis() - 120_000)))
                .build());
  }

  static Score score(String id) {
    return client()
        .query()
        .getScore(GetScoreRequest.newBuilder().setAccount(acct(id)).build())
        .getScore();
  }

  static RecordInteractionsResponse record(List<Interaction> events) {
    return client()
        .ingest()
        .recordInteractions(
            RecordInteractionsRequest.newBuilder().addAllInteractions(events).build());
  }

  @Test
  void ingestedInteractionsBecomeAScoreWithComponentsAndTopics() {
    snapshot("alice", 2000);
    RecordInteractionsResponse r =
        record(
            List.of(
                event("a1", InteractionType.INTERACTION_TYPE_SHARE, "bob", "alice", "#Jazz"),
                event("a2", InteractionType.INTERACTION_TYPE_COMMENT, "carol", "alice", " jazz "),
                event("a3", InteractionType.INTERACTION_TYPE_LIKE, "dave", "alice")));
    assertThat(r.getAcceptedCount()).isEqualTo(3);
    assertThat(r.getDuplicateCount()).isZero();

    Score s = score("alice");
    assertThat(s.getScore()).isBetween(1.0, 100.0);
    assertThat(s.getInteractionCount()).isEqualTo(3);
    assertThat(s.getDistinctEngagers()).isEqualTo(3);
    assertThat(s.getFollowers()).isEqualTo(2000);
    assertThat(s.getComponents().getReach()).isPositive();
    assertThat(s.getComponents().getAmplification()).isPositive();
    assertThat(s.getModelVersion()).isNotEmpty();
    assertThat(s.getNetworkScoresList()).extracting(n -> n.getNetwork()).containsExactly("x");
    // "#Jazz" and " jazz " are one normalised topic.
    assertThat(s.getTopicScoresList()).extracting(t -> t.getTopic()).containsExactly("jazz");
  }

  @Test
  void aRedeliveredBatchIsCountedOnce() {
    List<Interaction> batch =
        List.of(
            event("d1", InteractionType.INTERACTION_TYPE_SHARE, "u1", "dup-target"),
            event("d2", InteractionType.INTERACTION_TYPE_REPLY, "u2", "dup-target"));
    assertThat(record(batch).getAcceptedCount()).isEqualTo(2);
    Score before = score("dup-target");

    RecordInteractionsResponse again = record(batch);
    assertThat(again.getAcceptedCount()).isZero();
    assertThat(again.getDuplicateCount()).isEqualTo(2);
    Score after = score("dup-target");
    assertThat(after.getInteractionCount()).isEqualTo(2);
    assertThat(after.getComponents()).isEqualTo(before.getComponents());
    assertThat(after.getScore()).isEqualTo(before.getScore());
  }

  @Test
  void anInvalidBatchNamesEachBadFieldAndWritesNothing() {
    Interaction good = event("b0", InteractionType.INTERACTION_TYPE_LIKE, "x1", "never-written");
    Interaction badNetwork =
        event("b1", InteractionType.INTERACTION_TYPE_LIKE, "x2", "never-written").toBuilder()
            .setActor(AccountRef.newBuilder().setNetwork("Bad Net").setAccountId("x2"))
            .build();
    Interaction noType =
        event("b2", InteractionType.INTERACTION_TYPE_UNSPECIFIED, "x3", "never-written");

    assertThatThrownBy(() -> record(List.of(good, badNetwork, noType)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(Errors.violationsOf(e))
                  .extracting(BadRequest.FieldViolation::getField)
                  .contains("interactions[1].actor.network", "interactions[2].type")
                  .doesNotContain("interactions[0].event_id");
            });
    assertThatThrownBy(() -> score("never-written"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void manyDistinctEngagersOutscoreTheSameCountFromOneActor() {
    snapshot("crowd-favourite", 500);
    snapshot("one-fan-wonder", 500);
    List<Interaction> batch = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      batch.add(
          event("c" + i, InteractionType.INTERACTION_TYPE_SHARE, "fan" + i, "crowd-favourite"));
      batch.add(
          event("o" + i, InteractionType.INTERACTION_TYPE_SHARE, "superfan", "one-fan-wonder"));
    }
    assertThat(record(batch).getAcceptedCount()).isEqualTo(60);
    Score crowd = score("crowd-favourite");
    Score single = score("one-fan-wonder");
    assertThat(crowd.getInteractionCount()).isEqualTo(single.getInteractionCount());
    assertThat(crowd.getComponents().getAmplification())
        .isGreaterThan(single.getComponents().getAmplification());
    assertThat(crowd.getScore()).isGreaterThan(single.getScore());
  }
}

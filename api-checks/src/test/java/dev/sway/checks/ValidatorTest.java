package dev.sway.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import dev.sway.runtime.Errors.Violation;
import dev.sway.v1.AccountRef;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.ProfileSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ValidatorTest {
  static final long NOW = Instant.parse("2026-06-01T12:00:00Z").toEpochMilli();
  final Validator validator = new Validator(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

  static AccountRef acct(String network, String id) {
    return AccountRef.newBuilder().setNetwork(network).setAccountId(id).build();
  }

  static Interaction good() {
    return Interaction.newBuilder()
        .setEventId("evt-1")
        .setType(InteractionType.INTERACTION_TYPE_SHARE)
        .setActor(acct("x", "bob"))
        .setTarget(acct("x", "alice"))
        .addTopics("ai")
        .setEventTime(Timestamps.fromMillis(NOW - 1000))
        .build();
  }

  List<String> fieldsOf(UnaryOperator<Interaction.Builder> change) {
    List<Violation> v = new ArrayList<>();
    validator.interactions(
        List.of(good(), change.apply(good().toBuilder()).build()), "interactions", v);
    return v.stream().map(Violation::field).toList();
  }

  @Test
  void aValidInteractionPassesAndTopicsAreNormalised() {
    List<Violation> v = new ArrayList<>();
    Interaction in =
        good().toBuilder()
            .clearTopics()
            .addTopics(" #AI ")
            .addTopics("ai")
            .addTopics("##Climate")
            .build();
    List<Interaction> out = validator.interactions(List.of(in), "interactions", v);
    assertThat(v).isEmpty();
    assertThat(out.get(0).getTopicsList()).containsExactly("ai", "climate");
  }

  @Test
  void topicsAreLowerCasedByUnicodesRulesWhateverTheirScript() {
    List<Violation> v = new ArrayList<>();
    Interaction in =
        good().toBuilder()
            .clearTopics()
            .addTopics("\u0130stanbul") // İstanbul: lower-cased, i + U+0307 (a combining mark)
            .addTopics("Cafe\u0301") // decomposed: the same topic as the composed spelling
            .addTopics("caf\u00e9")
            .addTopics("\u039a\u03b1\u03b9\u03c1\u03cc\u03c2") // Καιρός
            .build();
    List<Interaction> out = validator.interactions(List.of(in), "interactions", v);
    assertThat(v).isEmpty();
    assertThat(out.get(0).getTopicsList())
        .containsExactly("i\u0307stanbul", "caf\u00e9", "\u03ba\u03b1\u03b9\u03c1\u03cc\u03c2");
  }

  @Test
  void violationsNameTheItemIndexAndField() {
    assertThat(fieldsOf(b -> b.setEventId(""))).containsExactly("interactions[1].event_id");
    assertThat(fieldsOf(b -> b.setType(InteractionType.INTERACTION_TYPE_UNSPECIFIED)))
        .containsExactly("interactions[1].type");
    assertThat(fieldsOf(b -> b.setTypeValue(42))).containsExactly("interactions[1].type");
    assertThat(fieldsOf(b -> b.clearActor())).containsExactly("interactions[1].actor");
    assertThat(fieldsOf(b -> b.setTarget(acct("X", "alice"))))
        .containsExactly("interactions[1].target.network");
    assertThat(fieldsOf(b -> b.setTarget(acct("mastodon", "alice"))))
        .containsExactly("interactions[1].target.network");
    assertThat(fieldsOf(b -> b.setTarget(acct("x", "bob"))))
        .containsExactly("interactions[1].target");
    assertThat(fieldsOf(b -> b.setTarget(acct("x", "a{b}"))))
        .containsExactly("interactions[1].target.account_id");
    assertThat(fieldsOf(b -> b.clearEventTime())).containsExactly("interactions[1].event_time");
    assertThat(fieldsOf(b -> b.setContentId("c".repeat(257))))
        .containsExactly("interactions[1].content_id");
    assertThat(fieldsOf(b -> b.addTopics("   "))).containsExactly("interactions[1].topics[1]");
  }

  @Test
  void badIdsAreRejected() {
    for (String id :
        List.of(
            "",
            "has space",
            "tab\there",
            "x".repeat(129),
            "bad\u0000nul",
            "zero\u200bwidth",
            "bad\ufffdutf8",
            "no\u00a0break",
            "figure\u2007space",
            "narrow\u202fnbsp",
            "😀".repeat(129))) {
      assertThat(fieldsOf(b -> b.setEventId(id)))
          .as(id)
          .containsExactly("interactions[1].event_id");
      assertThat(fieldsOf(b -> b.setActor(acct("x", id))))
          .as(id)
          .containsExactly("interactions[1].actor.account_id");
    }
  }

  // Lengths count characters (code points): 128 emoji are 256 UTF-16 units and still fit.
  @Test
  void idLengthsCountCharactersNotUtf16Units() {
    assertThat(fieldsOf(b -> b.setEventId("😀".repeat(128)))).isEmpty();
  }

  @Test
  void timesOutsideTheAcceptedRangeAreRejected() {
    Timestamp future = Timestamps.fromMillis(NOW + 10 * 60_000);
    Timestamp ancient = Timestamps.fromMillis(Instant.parse("2001-01-01T00:00:00Z").toEpochMilli());
    Timestamp absurd = Timestamp.newBuilder().setSeconds(Long.MAX_VALUE / 2).build();
    Timestamp badNanos = Timestamp.newBuilder().setSeconds(NOW / 1000).setNanos(-5).build();
    for (Timestamp t : List.of(future, ancient, absurd, badNanos)) {
      assertThat(fieldsOf(b -> b.setEventTime(t))).containsExactly("interactions[1].event_time");
    }
    assertThat(fieldsOf(b -> b.setEventTime(Timestamps.fromMillis(NOW + 60_000)))).isEmpty();
  }

  @Test
  void tooManyTopicsOrItemsAreRejected() {
    assertThat(fieldsOf(b -> b.addAllTopics(Collections.nCopies(20, "t"))))
        .containsExactly("interactions[1].topics");
    List<Violation> v = new ArrayList<>();
    validator.interactions(Collections.nCopies(Limits.MAX_BATCH + 1, good()), "interactions", v);
    assertThat(v).extracting(Violation::field).containsExactly("interactions");
  }

  @Test
  void snapshotCountersMustBeSane() {
    ProfileSnapshot ok =
        ProfileSnapshot.newBuilder()
            .setAccount(acct("x", "a"))
            .setFollowers(10)
            .setFollowing(5)
            .setPosts(1)
            .setObserveTime(Timestamps.fromMillis(NOW))
            .build();
    List<Violation> v = new ArrayList<>();
    validator.snapshots(
        List.of(
            ok,
            ok.toBuilder().setFollowers(-1).setPosts(Limits.MAX_COUNTER + 1).build(),
            ok.toBuilder().clearAccount().clearObserveTime().build()),
        "snapshots",
        v);
    assertThat(v)
        .extracting(Violation::field)
        .containsExactly(
            "snapshots[1].followers",
            "snapshots[1].posts",
            "snapshots[2].account",
            "snapshots[2].observe_time");
  }
}

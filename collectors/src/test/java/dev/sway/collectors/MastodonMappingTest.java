package dev.sway.collectors;

import static dev.sway.collectors.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MastodonMappingTest {
  private static final long NOW_MS = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli();
  private final List<String> lines = lines("mastodon-stream.jsonl");
  private final MastodonNetwork net =
      new MastodonNetwork("ws://127.0.0.1:1/api/v1/streaming", "Social.Test", "public", "t0k");

  /** Maps every line in order (the reply of line 4 is resolved from an account seen before). */
  private List<Mapped> all() {
    return lines.stream().map(l -> net.map(l, NOW_MS)).toList();
  }

  private static Interaction only(Mapped m) {
    assertThat(m.interactions()).hasSize(1);
    return m.interactions().get(0);
  }

  @Test
  void mentionsAreMentionsWithTagsAsTopicsAndTheAuthorsCountsAsASnapshot() {
    Mapped m = all().get(0);
    Interaction x = only(m);
    assertThat(x.getType()).isEqualTo(InteractionType.INTERACTION_TYPE_MENTION);
    assertThat(x.getActor().getAccountId()).isEqualTo("alice@social.test");
    assertThat(x.getTarget().getAccountId()).isEqualTo("bob@remote.example");
    assertThat(x.getTopicsList()).containsExactly("jazz");
    assertThat(x.getEventId())
        .isEqualTo("https://social.test/users/alice/statuses/109000000000000001");
    assertThat(x.getEventTime().getSeconds())
        .isEqualTo(Instant.parse("2026-11-30T10:00:01Z").getEpochSecond());
    assertThat(m.snapshots()).hasSize(1);
    assertThat(m.snapshots().get(0).getFollowers()).isEqualTo(1200);
    assertThat(m.snapshots().get(0).getFollowing()).isEqualTo(300);
    assertThat(m.snapshots().get(0).getPosts()).isEqualTo(85);
  }

  @Test
  void reblogIsAShareOfTheOriginalAuthorAndSnapshotsBoth() {
    Mapped m = all().get(1);
    Interaction x = only(m);
    assertThat(x.getType()).isEqualTo(InteractionType.INTERACTION_TYPE_SHARE);
    assertThat(x.getActor().getAccountId()).isEqualTo("dan@social.test");
    assertThat(x.getTarget().getAccountId()).isEqualTo("alice@social.test");
    assertThat(x.getTopicsList()).containsExactly("jazz");
    assertThat(m.snapshots())
        .extracting(s -> s.getAccount().getAccountId())
        .containsExactly("dan@social.test", "alice@social.test");
  }

  @Test
  void replyGoesToTheRepliedAccountOnceEvenWhenItIsAlsoMentioned() {
    Interaction x = only(all().get(2));
    assertThat(x.getType()).isEqualTo(InteractionType.INTERACTION_TYPE_REPLY);
    assertThat(x.getActor().getAccountId()).isEqualTo("bob@remote.example");
    assertThat(x.getTarget().getAccountId()).isEqualTo("alice@social.test");
    assertThat(x.getTopicsList()).containsExactly("ai");
  }

  @Test
  void replyToAnAccountNotMentionedIsResolvedFromAccountsSeenElseSkipped() {
    List<Mapped> m = all();
    Interaction x = only(m.get(3));
    assertThat(x.getActor().getAccountId()).isEqualTo("carol@other.example");
    assertThat(x.getTarget().getAccountId()).isEqualTo("dan@social.test");
    assertThat(m.get(4).interactions()).isEmpty();
    assertThat(m.get(4).skipped()).containsExactly("reply_unresolved");
  }

  @Test
  void selfRepliesDeletionsEditsOtherEventsAndBrokenJsonAreSkipped() {
    List<Mapped> m = all();
    assertThat(m.get(5).skipped()).containsExactly("self");
    assertThat(m.get(6).skipped()).containsExactly("delete");
    assertThat(m.get(7).skipped()).containsExactly("update");
    assertThat(m.get(8).skipped()).containsExactly("unknown_kind");
    assertThat(m.get(9).skipped()).containsExactly("malformed");
    assertThat(m.stream().mapToInt(x -> x.interactions().size()).sum()).isEqualTo(4);
  }

  @Test
  void theTokenGoesInAHeaderNotTheUrl() {
    assertThat(net.headers()).containsEntry("Authorization", "Bearer t0k");
    assertThat(net.streamUri(-1).toString())
        .isEqualTo("ws://127.0.0.1:1/api/v1/streaming?stream=public");
  }
}

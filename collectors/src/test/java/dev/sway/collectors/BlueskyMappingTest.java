package dev.sway.collectors;

import static dev.sway.collectors.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlueskyMappingTest {
  private static final long NOW_MS = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli();
  private final BlueskyNetwork net = new BlueskyNetwork("ws://127.0.0.1:1/subscribe");
  private final List<String> lines = lines("jetstream.jsonl");

  private Mapped map(int line) {
    return net.map(lines.get(line - 1), NOW_MS);
  }

  private static Interaction only(Mapped m) {
    assertThat(m.interactions()).hasSize(1);
    return m.interactions().get(0);
  }

  @Test
  void likeIsALikeOfTheSubjectsAuthorWithTheRecordUriAsEventId() {
    Interaction x = only(map(1));
    assertThat(x.getType()).isEqualTo(InteractionType.INTERACTION_TYPE_LIKE);
    assertThat(x.getActor().getNetwork()).isEqualTo("bluesky");
    assertThat(x.getActor().getAccountId()).isEqualTo(BOB);
    assertThat(x.getTarget().getAccountId()).isEqualTo(ALICE);
    assertThat(x.getEventId()).isEqualTo("at://" + BOB + "/app.bsky.feed.like/3l3qo2vuowo01");
    assertThat(x.getContentId()).isEqualTo("at://" + ALICE + "/app.bsky.feed.post/3l3pte3p2e301");
    assertThat(Instant.ofEpochSecond(x.getEventTime().getSeconds(), x.getEventTime().getNanos()))
        .isEqualTo(Instant.parse("2026-11-30T10:00:01.123Z"));
    assertThat(map(1).cursor()).isEqualTo(1796000001000000L);
    assertThat(map(1).seenAccounts()).containsExactly(BOB, ALICE);
  }

  @Test
  void repostIsAShare() {
    Interaction x = only(map(2));
    assertThat(x.getType()).isEqualTo(InteractionType.INTERACTION_TYPE_SHARE);
    assertThat(x.getTarget().getAccountId()).isEqualTo(ALICE);
  }

  @Test
  void replyGoesToTheParentsAuthorWithItsHashtagsAsTopics() {
    Interaction x = only(map(3));
    assertThat(x.getType()).isEqualTo(InteractionType.INTERACTION_TYPE_REPLY);
    assertThat(x.getActor().getAccountId()).isEqualTo(DAN);
    assertThat(x.getTarget().getAccountId()).isEqualTo(ALICE);
    assertThat(x.getTopicsList()).containsExactly("jazz");
  }

  @Test
  void quotesAreSharesOfTheQuotedAuthorWithOrWithoutMedia() {
    Interaction record = only(map(4));
    assertThat(record.getType()).isEqualTo(InteractionType.INTERACTION_TYPE_SHARE);
    assertThat(record.getTarget().getAccountId()).isEqualTo(CAROL);
    Interaction withMedia = only(map(5));
    assertThat(withMedia.getType()).isEqualTo(InteractionType.INTERACTION_TYPE_SHARE);
    assertThat(withMedia.getActor().getAccountId()).isEqualTo(DAN);
    assertThat(withMedia.getTarget().getAccountId()).isEqualTo(BOB);
  }

  @Test
  void mentionFacetsAreMentionsAndEverySpellingOfATagIsOneTopic() {
    Mapped m = map(6);
    assertThat(m.interactions())
        .extracting(x -> x.getTarget().getAccountId())
        .containsExactly(BOB, CAROL);
    assertThat(m.interactions())
        .allSatisfy(
            x -> {
              assertThat(x.getType()).isEqualTo(InteractionType.INTERACTION_TYPE_MENTION);
              // AI, #ai, full-width ＃Ａｉ and "Ai " are one topic; "not a topic!" is dropped.
              assertThat(x.getTopicsList()).containsExactly("ai", "machine-learning");
            });
  }

  @Test
  void followMarksBothForAProfileRefreshAndRecordsNoInteraction() {
    Mapped m = map(7);
    assertThat(m.kind()).isEqualTo("follow");
    assertThat(m.interactions()).isEmpty();
    assertThat(m.skipped()).isEmpty();
    assertThat(m.seenAccounts()).containsExactly(CAROL, ALICE);
  }

  @Test
  void identityEventsGiveHandles() {
    assertThat(map(8).handles()).containsEntry(ALICE, "alice.test");
    assertThat(map(9).kind()).isEqualTo("account");
  }

  @Test
  void deletionIsSkippedAndAReplyToTheDeletedPostStillCounts() {
    assertThat(map(10).skipped()).containsExactly("delete");
    Interaction reply = only(map(11));
    assertThat(reply.getType()).isEqualTo(InteractionType.INTERACTION_TYPE_REPLY);
    assertThat(reply.getTarget().getAccountId()).isEqualTo(ALICE);
  }

  @Test
  void selfLikeUnknownCollectionMalformedAndUpdatesAreSkippedWithTheirReason() {
    assertThat(map(12).interactions()).isEmpty();
    assertThat(map(12).skipped()).containsExactly("self");
    assertThat(map(13).skipped()).containsExactly("unknown_collection");
    assertThat(map(14).skipped()).containsExactly("malformed");
    assertThat(map(15).skipped()).containsExactly("update");
    assertThat(net.map("[1,2]", NOW_MS).skipped()).containsExactly("malformed");
    assertThat(net.map("[".repeat(100_000), NOW_MS).skipped()).containsExactly("malformed");
  }

  @Test
  void aCreatedAtInTheFutureOrBefore2023GivesWayToTimeUs() {
    Interaction future = only(map(16));
    assertThat(future.getEventTime().getSeconds()).isEqualTo(1796000016L);
    Interaction ancient = only(map(17));
    assertThat(ancient.getEventTime().getSeconds()).isEqualTo(1796000017L);
  }

  @Test
  void theFixtureAsAWholeGivesTenInteractions() {
    List<Interaction> all = new ArrayList<>();
    lines.forEach(l -> all.addAll(net.map(l, NOW_MS).interactions()));
    assertThat(all).hasSize(10);
    assertThat(all)
        .filteredOn(x -> x.getType() == InteractionType.INTERACTION_TYPE_LIKE)
        .hasSize(3);
    assertThat(all)
        .filteredOn(x -> x.getType() == InteractionType.INTERACTION_TYPE_SHARE)
        .hasSize(3);
    assertThat(all)
        .filteredOn(x -> x.getType() == InteractionType.INTERACTION_TYPE_REPLY)
        .hasSize(2);
    assertThat(all)
        .filteredOn(x -> x.getType() == InteractionType.INTERACTION_TYPE_MENTION)
        .hasSize(2);
  }

  @Test
  void streamUriAsksForTheMappedCollectionsAndResumesFiveSecondsEarlier() {
    assertThat(net.streamUri(-1).toString())
        .isEqualTo(
            "ws://127.0.0.1:1/subscribe?wantedCollections=app.bsky.feed.like"
                + "&wantedCollections=app.bsky.feed.repost&wantedCollections=app.bsky.feed.post"
                + "&wantedCollections=app.bsky.graph.follow");
    assertThat(net.resumeCursor(1796000010000000L)).isEqualTo(1796000005000000L);
    assertThat(net.streamUri(net.resumeCursor(1796000010000000L)).getQuery())
        .endsWith("&cursor=1796000005000000");
    assertThat(net.resumeCursor(-1)).isEqualTo(-1);
  }
}

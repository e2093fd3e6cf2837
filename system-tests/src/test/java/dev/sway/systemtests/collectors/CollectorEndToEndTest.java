package dev.sway.systemtests.collectors;

import static dev.sway.collectors.Fixtures.*;
import static dev.sway.collectors.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.cli.LocalStackExtension;
import dev.sway.collectors.AppViewStub;
import dev.sway.collectors.CollectorProcess;
import dev.sway.collectors.GrpcIngestSink;
import dev.sway.collectors.TestWebSocketServer;
import dev.sway.runtime.ApiKeys;
import dev.sway.v1.AccountRef;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.Score;
import io.grpc.InsecureChannelCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collector → ingest (with a key of scope ingest:write only) → scoring → Redis → query: the
 * fixture's accounts get scores, and a kill between batches changes no count. The streams are the
 * collectors module's local WebSocket server and AppView stub replaying its fixtures; the services
 * and Redis are the real ones, on loopback ports.
 */
class CollectorEndToEndTest {
  /** The collector's key: scope {@code ingest:write} only, beside the stack's own key. */
  private static final String COLLECTOR_KEY = ApiKeys.newKey();

  @RegisterExtension
  static final LocalStackExtension LOCAL =
      new LocalStackExtension(
          Map.of(
              "api-keys", ApiKeys.entry("collector", Set.of(ApiKeys.INGEST_WRITE), COLLECTOR_KEY)));

  @TempDir Path dir;

  /** A sink writing to the stack's ingest with the collector's key. */
  private static GrpcIngestSink sink() {
    return new GrpcIngestSink(
        LOCAL.stack().ingestTarget(), InsecureChannelCredentials.create(), COLLECTOR_KEY, 10_000);
  }

  /** The account's score, or null while it has none. */
  private static Score score(String network, String accountId) {
    try {
      return LOCAL
          .client()
          .query()
          .getScore(
              GetScoreRequest.newBuilder()
                  .setAccount(AccountRef.newBuilder().setNetwork(network).setAccountId(accountId))
                  .build())
          .getScore();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  private static Score awaitScore(String network, String id, long interactions)
      throws InterruptedException {
    Score[] s = new Score[1];
    await(
        network + ":" + id + " scored with " + interactions + " interactions",
        20_000,
        () -> {
          s[0] = score(network, id);
          return s[0] != null && s[0].getInteractionCount() == interactions;
        });
    return s[0];
  }

  @Test
  void blueskyAccountsAreScoredByTheirDidsWithAppViewFollowers() throws Exception {
    List<String> lines = lines("jetstream.jsonl");
    try (TestWebSocketServer ws =
            new TestWebSocketServer(
                c -> {
                  for (String l : lines) {
                    c.send(l);
                  }
                  c.awaitClientClose(30_000);
                });
        AppViewStub appView = new AppViewStub(Map.of(ALICE, "alice.test"))) {
      CollectorProcess p =
          CollectorProcess.bluesky(
              ws.url("/subscribe"),
              new CollectorProcess.Profiles(appView.url(), 50, 86_400_000L, 10_000),
              sink(),
              config(dir.resolve("cursor"), 100, 64),
              new SimpleMeterRegistry(),
              Clock.systemUTC());
      p.start();
      await(
          "10 accepted by ingest",
          20_000,
          () -> p.metrics().count("sway.collector.acknowledged", "outcome", "accepted") == 10);
      await(
          "4 snapshots",
          20_000,
          () -> p.metrics().count("sway.collector.acknowledged", "outcome", "snapshot") >= 4);
      p.close();
      // Alice: a like, a repost, a reply, and a reply to her deleted post.
      Score alice = awaitScore("bluesky", ALICE, 4);
      assertThat(alice.getScore()).isBetween(1.0, 100.0);
      assertThat(alice.getDistinctEngagers()).isGreaterThan(0);
      await(
          "alice's followers from the AppView",
          20_000,
          () -> score("bluesky", ALICE).getFollowers() == AppViewStub.followers(ALICE));
      // Carol: quoted by Bob, mentioned by Alice, liked by Dan; Bob: quoted by Dan, liked,
      // mentioned.
      assertThat(awaitScore("bluesky", CAROL, 3).getScore()).isGreaterThan(0);
      assertThat(awaitScore("bluesky", BOB, 2).getScore()).isGreaterThan(0);
      assertThat(awaitScore("bluesky", DAN, 1).getTopicScoresList()).isEmpty();
    }
  }

  @Test
  void mastodonAccountsAreScoredAsUserAtInstanceWithTheStatusCounts() throws Exception {
    List<String> lines = lines("mastodon-stream.jsonl");
    try (TestWebSocketServer ws =
        new TestWebSocketServer(
            c -> {
              if (!"Bearer s3cret".equals(c.authorization)) {
                c.drop();
                return;
              }
              for (String l : lines) {
                c.send(l);
              }
              c.awaitClientClose(30_000);
            })) {
      String url = ws.url("/api/v1/streaming");
      CollectorProcess p =
          CollectorProcess.mastodon(
              "http://social.test",
              url,
              "public",
              "s3cret",
              sink(),
              config(null, 100, 64),
              new SimpleMeterRegistry(),
              Clock.systemUTC());
      p.start();
      await(
          "4 accepted",
          20_000,
          () -> p.metrics().count("sway.collector.acknowledged", "outcome", "accepted") == 4);
      p.close();
      assertThat(ws.connections.get(0).requestUri.getQuery()).isEqualTo("stream=public");
      // Alice: reblogged by Dan, replied to by Bob (who also mentions her: counted once).
      Score alice = awaitScore("mastodon", "alice@social.test", 2);
      assertThat(alice.getFollowers()).isEqualTo(1200);
      assertThat(awaitScore("mastodon", "dan@social.test", 1).getFollowers()).isEqualTo(15);
      assertThat(awaitScore("mastodon", "bob@remote.example", 1).getScore()).isGreaterThan(0);
    }
  }

  @Test
  void aKillBetweenBatchesLeavesExactCountsInTheStore() throws Exception {
    String target = did(777_777);
    List<String> messages = new ArrayList<>();
    long t0 = 1_796_000_000_000_000L;
    for (int i = 0; i < 200; i++) {
      messages.add(
          like(did(i + 1), target, "3l3qoe2e" + String.format("%05d", i), t0 + i * 100_000L, ""));
    }
    Path cursor = dir.resolve("kill.cursor");
    try (TestWebSocketServer ws =
        new TestWebSocketServer(
            c -> {
              String from = c.query("cursor");
              long fromUs = from == null ? 0 : Long.parseLong(from);
              int limit = from == null ? 120 : Integer.MAX_VALUE;
              int sent = 0;
              for (String m : messages) {
                if (timeUs(m) >= fromUs && sent++ < limit) {
                  c.send(m);
                }
              }
              c.awaitClientClose(30_000);
            })) {
      CollectorProcess first =
          CollectorProcess.bluesky(
              ws.url("/subscribe"),
              null,
              sink(),
              config(cursor, 20, 64),
              new SimpleMeterRegistry(),
              Clock.systemUTC());
      first.start();
      await(
          "120 acknowledged",
          20_000,
          () -> first.collector().savedCursor() == timeUs(messages.get(119)));
      first.kill();
      CollectorProcess second =
          CollectorProcess.bluesky(
              ws.url("/subscribe"),
              null,
              sink(),
              config(cursor, 20, 64),
              new SimpleMeterRegistry(),
              Clock.systemUTC());
      second.start();
      await(
          "the rest acknowledged",
          20_000,
          () -> second.collector().savedCursor() == timeUs(messages.get(199)));
      second.close();
      assertThat(first.metrics().count("sway.collector.acknowledged", "outcome", "accepted"))
          .isEqualTo(120);
      assertThat(second.metrics().count("sway.collector.acknowledged", "outcome", "accepted"))
          .isEqualTo(80);
      assertThat(second.metrics().count("sway.collector.acknowledged", "outcome", "duplicate"))
          .isEqualTo(51);
      assertThat(awaitScore("bluesky", target, 200).getInteractionCount()).isEqualTo(200);
    }
  }
}

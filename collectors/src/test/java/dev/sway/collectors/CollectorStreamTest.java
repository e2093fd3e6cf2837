package dev.sway.collectors;

import static dev.sway.collectors.Fixtures.*;
import static dev.sway.collectors.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.v1.InteractionType;
import dev.sway.v1.ProfileSnapshot;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Bluesky collector against a WebSocket server replaying the fixture, and an AppView stub. */
class CollectorStreamTest {
  @TempDir Path dir;

  @Test
  void everyMappedKindReachesIngestAndEverySkipIsCountedByReason() throws Exception {
    List<String> lines = lines("jetstream.jsonl");
    // A 1 MB post (over the 256 KiB limit) in 64 KiB frames between the fixture's messages.
    String huge = like(BOB, CAROL, "3l3qo2vuhuge1", 1796000005500000L, "x".repeat(1 << 20));
    try (TestWebSocketServer ws =
            new TestWebSocketServer(
                c -> {
                  for (int i = 0; i < lines.size(); i++) {
                    c.send(lines.get(i), 4096);
                    if (i == 4) {
                      c.send(huge, 64 * 1024);
                    }
                  }
                  c.awaitClientClose(30_000);
                });
        AppViewStub appView = new AppViewStub(Map.of(ALICE, "alice.test", BOB, "bob.test"))) {
      appView.throttled.set(1);
      RecordingSink sink = new RecordingSink();
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      CollectorProcess p =
          CollectorProcess.bluesky(
              ws.url("/subscribe"),
              new CollectorProcess.Profiles(appView.url(), 50, 86_400_000L, 10_000),
              sink,
              config(dir.resolve("cursor"), 4, 64),
              registry,
              Clock.systemUTC());
      p.start();
      await("10 interactions", 15_000, () -> sink.acceptedCount() == 10);
      await("4 profiles", 15_000, () -> sink.snapshotsCopy().size() >= 4);
      await(
          "the cursor of the last message",
          15_000,
          () -> p.collector().savedCursor() == 1796000017000000L);
      p.close();

      Map<InteractionType, Long> byType =
          sink.acceptedCopy().stream()
              .collect(Collectors.groupingBy(x -> x.getType(), Collectors.counting()));
      assertThat(byType)
          .containsEntry(InteractionType.INTERACTION_TYPE_LIKE, 3L)
          .containsEntry(InteractionType.INTERACTION_TYPE_SHARE, 3L)
          .containsEntry(InteractionType.INTERACTION_TYPE_REPLY, 2L)
          .containsEntry(InteractionType.INTERACTION_TYPE_MENTION, 2L);
      CollectorMetrics m = p.metrics();
      for (String reason :
          List.of("self", "delete", "unknown_collection", "malformed", "update", "oversized")) {
        assertThat(m.count("sway.collector.skipped", "reason", reason)).as(reason).isEqualTo(1.0);
      }
      assertThat(m.count("sway.collector.messages", "kind", "follow")).isEqualTo(1.0);
      assertThat(m.count("sway.collector.interactions", "type", "like")).isEqualTo(3.0);
      assertThat(registry.scrape())
          .contains("sway_collector_skipped_total{network=\"bluesky\",reason=\"oversized\"} 1.0")
          .contains("sway_collector_lag_seconds{network=\"bluesky\"}");
      assertThat(m.lagSeconds()).isGreaterThan(0);

      // Profiles: 25 actors a call at most, one 429 backed off and asked again, every DID
      // snapshotted.
      assertThat(appView.calls).allSatisfy(c -> assertThat(c).hasSizeLessThanOrEqualTo(25));
      assertThat(m.count("sway.collector.profile.fetches", "outcome", "throttled")).isEqualTo(1.0);
      assertThat(sink.snapshotsCopy())
          .extracting(s -> s.getAccount().getAccountId())
          .contains(ALICE, BOB, CAROL, DAN);
      ProfileSnapshot alice =
          sink.snapshotsCopy().stream()
              .filter(s -> s.getAccount().getAccountId().equals(ALICE))
              .findFirst()
              .orElseThrow();
      assertThat(alice.getFollowers()).isEqualTo(AppViewStub.followers(ALICE));
      assertThat(alice.getFollowing()).isEqualTo(12);
      assertThat(alice.getPosts()).isEqualTo(34);
      assertThat(p.handle(ALICE)).isEqualTo("alice.test");
      assertThat(p.collector().handles()).containsEntry(ALICE, "alice.test");
      // The saved cursor is the last message's time_us, in a file of its own.
      assertThat(new CursorFile(dir.resolve("cursor")).read()).isEqualTo(1796000017000000L);
    }
  }

  @Test
  void ingestDownIsRetriedWithoutLosingTheBatch() throws Exception {
    List<String> lines = lines("jetstream.jsonl");
    try (TestWebSocketServer ws =
        new TestWebSocketServer(
            c -> {
              for (String l : lines) {
                c.send(l);
              }
              c.awaitClientClose(30_000);
            })) {
      RecordingSink sink = new RecordingSink();
      sink.failNext.set(3);
      CollectorProcess p = bluesky(ws.url("/subscribe"), null, sink, config(null, 100, 64));
      p.start();
      await("10 interactions", 15_000, () -> sink.acceptedCount() == 10);
      p.close();
      assertThat(p.metrics().count("sway.collector.ingest.errors", "code", "UNAVAILABLE"))
          .isEqualTo(3.0);
      assertThat(sink.duplicates.get()).isZero();
    }
  }
}

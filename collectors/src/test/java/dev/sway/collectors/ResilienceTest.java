package dev.sway.collectors;

import static dev.sway.collectors.Fixtures.*;
import static dev.sway.collectors.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream that drops mid-way, an ingest that stalls, and a collector killed between batches: no
 * loss, no double count, bounded memory.
 */
class ResilienceTest {
  private static final long T0_US = 1_796_000_000_000_000L;
  @TempDir Path dir;

  /** {@code n} likes of distinct targets, 100 ms of stream time apart. */
  private static List<String> likes(int n, String padding) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          like(
              did(i + 1),
              did(100_000 + i),
              "3l3qo2vu" + String.format("%05d", i),
              T0_US + i * 100_000L,
              padding));
    }
    return out;
  }

  /** Serves the messages at or after the request's cursor, as Jetstream does. */
  private static void replayFrom(TestWebSocketServer.Conn c, List<String> messages, int stopAfter)
      throws java.io.IOException {
    String cursor = c.query("cursor");
    long from = cursor == null ? 0 : Long.parseLong(cursor);
    int sent = 0;
    for (String m : messages) {
      if (timeUs(m) >= from) {
        if (sent++ == stopAfter) {
          return;
        }
        c.send(m);
      }
    }
  }

  @Test
  void aDroppedConnectionIsReconnectedAndResumedFromTheLastPosition() throws Exception {
    List<String> messages = likes(300, "");
    RecordingSink sink = new RecordingSink();
    try (TestWebSocketServer ws =
        new TestWebSocketServer(
            c -> {
              if (ws0(c)) {
                replayFrom(c, messages.subList(0, 150), Integer.MAX_VALUE);
                // The drop comes once the 150 are mapped (and acknowledged), not after a fixed
                // pause that a busy machine can outrun.
                await("150 likes before the drop", 20_000, () -> sink.acceptedCount() == 150);
                c.drop();
              } else {
                replayFrom(c, messages, Integer.MAX_VALUE);
                c.awaitClientClose(30_000);
              }
            })) {
      CollectorProcess p =
          bluesky(ws.url("/subscribe"), null, sink, config(dir.resolve("c"), 50, 64));
      p.start();
      await("300 likes", 20_000, () -> sink.acceptedCount() == 300);
      p.close();
      assertThat(ws.connections.size()).isGreaterThanOrEqualTo(2);
      assertThat(ws.connections.get(0).query("cursor")).isNull();
      long resumed = Long.parseLong(ws.connections.get(1).query("cursor"));
      // Resumed 5 s of stream time before the last message mapped: at most 50 messages overlap.
      assertThat(resumed).isEqualTo(timeUs(messages.get(149)) - 5_000_000L);
      assertThat(sink.duplicates.get()).isBetween(1, 51);
      assertThat(
              p.metrics().count("sway.collector.reconnects", "cause", "error")
                  + p.metrics().count("sway.collector.reconnects", "cause", "closed"))
          .isGreaterThanOrEqualTo(1.0);
    }
  }

  private static boolean ws0(TestWebSocketServer.Conn c) {
    return c.query("cursor") == null;
  }

  @Test
  void aStalledIngestStopsTheSocketBeingReadAndMemoryStaysBounded() throws Exception {
    int total = 2000;
    // 16 KiB a message: 32 MB in all, far beyond what the sockets' buffers hold.
    List<String> messages = likes(total, "p".repeat(16 * 1024));
    try (TestWebSocketServer ws =
        new TestWebSocketServer(
            c -> {
              replayFrom(c, messages, Integer.MAX_VALUE);
              c.awaitClientClose(60_000);
            })) {
      RecordingSink sink = new RecordingSink();
      sink.slow();
      int queue = 8;
      int batch = 10;
      CollectorProcess p = bluesky(ws.url("/subscribe"), null, sink, config(null, batch, queue));
      p.start();
      await("the first batch to wait on ingest", 10_000, () -> p.collector().received() >= batch);
      Thread.sleep(1500);
      long received = p.collector().received();
      long sentByServer = ws.sent.get();
      Thread.sleep(500);
      // Nothing more is read: at most the batches in flight, the one waiting for room among
      // them, a full queue and one message.
      assertThat(p.collector().received()).isEqualTo(received);
      assertThat(received)
          .isLessThanOrEqualTo((CollectorConfig.DEFAULT_IN_FLIGHT + 1) * batch + queue + 1);
      assertThat(p.collector().queued()).isLessThanOrEqualTo(queue);
      // And the server is held back by TCP flow control, far from done.
      assertThat(ws.sent.get()).isEqualTo(sentByServer);
      assertThat(sentByServer).isLessThan(total / 2);

      assertThat(p.collector().overCapacity()).isZero();
      sink.unblock();
      await("every message once ingest is back", 60_000, () -> sink.acceptedCount() == total);
      p.close();
      // Demand never ran past the queue (a few places of slack exist only as a safety net).
      assertThat(p.collector().overCapacity()).isLessThanOrEqualTo(8);
      assertThat(p.metrics().count("sway.collector.reconnects", "cause", "error")).isZero();
      assertThat(p.metrics().count("sway.collector.reconnects", "cause", "idle")).isZero();
      assertThat(p.metrics().count("sway.collector.reconnects", "cause", "closed")).isZero();
      assertThat(sink.duplicates.get()).isZero();
    }
  }

  @Test
  void aKilledCollectorResumesFromItsCursorFileWithNoLossAndNoDoubleCount() throws Exception {
    List<String> messages = likes(200, "");
    Path cursor = dir.resolve("bluesky.cursor");
    RecordingSink sink = new RecordingSink();
    try (TestWebSocketServer ws =
        new TestWebSocketServer(
            c -> {
              // The first run gets 120 messages, then the stream goes quiet (the kill comes then).
              replayFrom(c, messages, c.query("cursor") == null ? 120 : Integer.MAX_VALUE);
              c.awaitClientClose(60_000);
            })) {
      CollectorProcess first = bluesky(ws.url("/subscribe"), null, sink, config(cursor, 20, 64));
      first.start();
      // 6 batches of 20: message 119 acknowledged and its position saved.
      await(
          "120 acknowledged",
          10_000,
          () -> first.collector().savedCursor() == timeUs(messages.get(119)));
      first.kill();
      long saved = new CursorFile(cursor).read();
      assertThat(saved).isEqualTo(timeUs(messages.get(119)));
      assertThat(sink.acceptedCount()).isEqualTo(120);

      CollectorProcess second = bluesky(ws.url("/subscribe"), null, sink, config(cursor, 20, 64));
      second.start();
      await("all 200", 10_000, () -> sink.acceptedCount() == 200);
      Thread.sleep(300);
      second.close();
      assertThat(ws.connections.get(1).query("cursor"))
          .isEqualTo(Long.toString(saved - 5_000_000L));
      // Exactly: 200 distinct interactions, each counted once; the 5 s of overlap (messages
      // 69-119, from the rewound position on, inclusive) are acknowledged as duplicates.
      assertThat(sink.acceptedCount()).isEqualTo(200);
      assertThat(sink.acceptedCopy().stream().map(x -> x.getEventId()).distinct().count())
          .isEqualTo(200);
      assertThat(sink.duplicates.get()).isEqualTo(51);
      assertThat(new CursorFile(cursor).read()).isEqualTo(timeUs(messages.get(199)));
    }
  }
}

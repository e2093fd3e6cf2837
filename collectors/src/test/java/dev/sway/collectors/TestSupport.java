package dev.sway.collectors;

import static org.assertj.core.api.Assertions.fail;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * Settings and waits shared by the collector tests, here and (through this module's test-jar) in
 * the system-tests module.
 */
public final class TestSupport {
  private TestSupport() {}

  /** Small batches, short waits and backoffs, so a test runs in seconds. */
  public static CollectorConfig config(Path cursorFile, int batchSize, int queueCapacity) {
    return new CollectorConfig(
        cursorFile, batchSize, 100, queueCapacity, 256 * 1024, 5_000, 10_000, 20, 200);
  }

  static CollectorProcess bluesky(
      String url, String appView, IngestSink sink, CollectorConfig config) {
    CollectorProcess.Profiles profiles =
        appView == null ? null : new CollectorProcess.Profiles(appView, 50, 86_400_000L, 10_000);
    return CollectorProcess.bluesky(
        url, profiles, sink, config, new SimpleMeterRegistry(), Clock.systemUTC());
  }

  /** Polls {@code done} every 20 ms; fails naming {@code what} after {@code timeoutMs}. */
  public static void await(String what, long timeoutMs, BooleanSupplier done)
      throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMs;
    while (!done.getAsBoolean()) {
      if (System.currentTimeMillis() > end) {
        fail("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  /** The {@code time_us} of a Jetstream message (the test's own, well-formed ones). */
  public static long timeUs(String message) {
    int i = message.indexOf("\"time_us\":") + 10;
    int j = message.indexOf(',', i);
    return Long.parseLong(message.substring(i, j));
  }
}

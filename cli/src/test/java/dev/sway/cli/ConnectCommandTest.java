package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConnectCommandTest {
  private static int run(ByteArrayOutputStream err, String... args) {
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return SwayCli.run(args);
    } finally {
      System.setErr(old);
    }
  }

  @Test
  void mastodonNeedsAnInstance() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(err, "connect", "mastodon")).isEqualTo(ExitCode.USAGE.code);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--instance");
  }

  @Test
  void aJetstreamThatIsNotAWebSocketUrlIsRefused() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(err, "connect", "bluesky", "--jetstream", "https://example.invalid/subscribe"))
        .isEqualTo(ExitCode.INVALID_ARGUMENT.code);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("ws:// or wss://");
  }

  @Test
  void anUnreachableStreamIsRetriedUntilTheDurationEnds() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    java.nio.file.Path cursor = java.nio.file.Files.createTempFile("sway", ".cursor");
    java.nio.file.Files.delete(cursor);
    long t0 = System.nanoTime();
    int code =
        run(
            err,
            "connect",
            "bluesky",
            "--jetstream",
            "ws://127.0.0.1:1/subscribe",
            "--appview",
            "none",
            "--ingest",
            "127.0.0.1:1",
            "--cursor-file",
            cursor.toString(),
            "--duration-s",
            "1",
            "--status-every-s",
            "1");
    assertThat(code).isZero();
    assertThat((System.nanoTime() - t0) / 1e9).isBetween(0.9, 15.0);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("collecting bluesky into 127.0.0.1:1");
    assertThat(java.nio.file.Files.exists(cursor)).isFalse();
  }
}

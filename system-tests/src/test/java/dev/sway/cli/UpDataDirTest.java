package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.runtime.ApiKeys;
import dev.sway.v1.AccountRef;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.RecordInteractionsRequest;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sway up --data DIR} as a user runs it: it prints every variable another shell needs,
 * accepts the keys of {@code SWAY_API_KEYS}, and after a stop and a start on the same folder finds
 * what was loaded, with the same key.
 */
class UpDataDirTest {
  @TempDir Path data;

  /** A running {@code sway up}: its output up to "ready", and the export line after it. */
  record Up(Process process, List<String> lines, String ingest, String query, String key) {}

  Up start(String keysSetting) throws Exception {
    return start(keysSetting, ports(data, "0", "0", "0", "0"));
  }

  /** {@code --data DIR} and the four ports, as {@code sway up} takes them. */
  static List<String> ports(Path dir, String ingest, String scoring, String query, String http) {
    return List.of(
        "--data",
        dir.toString(),
        "--ingest-port",
        ingest,
        "--scoring-port",
        scoring,
        "--query-port",
        query,
        "--http-port",
        http);
  }

  static Process launch(String keysSetting, List<String> upArgs) throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(java, "-cp", System.getProperty("java.class.path"), "dev.sway.cli.SwayDev", "up"));
    command.addAll(upArgs);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("SWAY_API_KEYS", keysSetting);
    return pb.start();
  }

  Up start(String keysSetting, List<String> upArgs) throws Exception {
    Process p = launch(keysSetting, upArgs);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null) {
      lines.add(line);
      if (line.contains("export SWAY_")) {
        break;
      }
    }
    assertThat(line).as(String.join("\n", lines)).isNotNull();
    Matcher m =
        Pattern.compile(
                "export SWAY_INGEST_TARGET=(\\S+) SWAY_QUERY_TARGET=(\\S+) SWAY_API_KEY=(\\S+)")
            .matcher(line);
    assertThat(m.find()).as(line).isTrue();
    return new Up(p, lines, m.group(1), m.group(2), m.group(3));
  }

  static void stop(Up up) throws Exception {
    up.process().destroy(); // SIGTERM, as Ctrl-C: the shutdown hook stops Redis cleanly
    assertThat(up.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aDataFolderSurvivesARestartAndKeysFromTheSettingsWork() throws Exception {
    String ownKey = ApiKeys.newKey();
    String setting =
        ApiKeys.entry("mine", Set.of(ApiKeys.INGEST_WRITE, ApiKeys.QUERY_READ), ownKey);
    AccountRef star = AccountRef.newBuilder().setNetwork("x").setAccountId("kept-star").build();
    Up first = start(setting);
    String printedKey;
    double score;
    try {
      assertThat(String.join("\n", first.lines()))
          .contains("data     " + data.toAbsolutePath())
          .contains("the keys of SWAY_API_KEYS work too")
          .contains("ready; press Ctrl-C to stop");
      printedKey = first.key();
      // The key from the settings writes, the printed one reads.
      try (SwayClient mine = new SwayClient(first.ingest(), first.query(), 20_000, ownKey)) {
        mine.ingest()
            .recordInteractions(
                RecordInteractionsRequest.newBuilder()
                    .addInteractions(
                        Interaction.newBuilder()
                            .setEventId("kept-1")
                            .setType(InteractionType.INTERACTION_TYPE_SHARE)
                            .setActor(
                                AccountRef.newBuilder().setNetwork("x").setAccountId("kept-fan"))
                            .setTarget(star)
                            .setEventTime(
                                com.google.protobuf.util.Timestamps.fromMillis(
                                    System.currentTimeMillis() - 60_000)))
                    .build());
      }
      try (SwayClient printed = new SwayClient(first.ingest(), first.query(), 20_000, printedKey)) {
        score =
            printed
                .query()
                .getScore(GetScoreRequest.newBuilder().setAccount(star).build())
                .getScore()
                .getScore();
      }
    } finally {
      stop(first);
    }

    Up second = start(setting);
    try {
      assertThat(second.key()).as("the key is kept with the data").isEqualTo(printedKey);
      try (SwayClient c = new SwayClient(second.ingest(), second.query(), 20_000, second.key())) {
        assertThat(
                c.query()
                    .getScore(GetScoreRequest.newBuilder().setAccount(star).build())
                    .getScore()
                    .getScore())
            .isEqualTo(score);
      }
    } finally {
      stop(second);
    }
  }

  @Test
  void aBusyPortIsNamedWithItsFlagBeforeAnythingStarts() throws Exception {
    Path folder = data.resolve("never-made");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Process p = launch("", ports(folder, "0", "0", "0", Integer.toString(port)));
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isNotZero();
      assertThat(out)
          .contains("port " + port)
          .contains("--http-port")
          .doesNotContain("WARNING")
          .doesNotContain("input or output failed");
      assertThat(folder).as("nothing is made for a stack that did not start").doesNotExist();
    }
  }

  @Test
  void aDataFolderComesBackOnThePortsItWasStartedWith() throws Exception {
    List<String> picked = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        picked.add(Integer.toString(free.getLocalPort()));
      }
    }
    Up first = start("", ports(data, picked.get(0), picked.get(1), picked.get(2), picked.get(3)));
    stop(first);
    Up second = start("", List.of("--data", data.toString()));
    try {
      assertThat(second.ingest()).isEqualTo("127.0.0.1:" + picked.get(0));
      assertThat(second.query()).isEqualTo("127.0.0.1:" + picked.get(2));
      assertThat(String.join("\n", second.lines()))
          .contains("scoring  127.0.0.1:" + picked.get(1))
          .contains("SWAY_HTTP=http://127.0.0.1:" + picked.get(3));
    } finally {
      stop(second);
    }
  }
}

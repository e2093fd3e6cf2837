package dev.sway.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.cli.SwayDev;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The freshness benchmark runs end to end on a local stack and times every sample. */
class FreshnessBenchTest {
  @Test
  void everySampleReachesTheWatcher() {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = SwayDev.run("bench", "freshness", "--local", "--samples", "30", "--watched", "7");
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(code).as(out).isEqualTo(0);
    Matcher m = Pattern.compile("ack → watcher\\s+n=(\\d+)\\s+p50 ([\\d.]+) ms").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isEqualTo(30);
    assertThat(out).contains("30 interactions, one at a time, 7 accounts watched");
  }
}

package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code sway demo --keep-running} prints its page's address and, stopped as Ctrl-C stops it,
 * leaves no Redis behind; a demo that stops by itself links to no page.
 */
class DemoStopTest {
  @Test
  void aDemoKeptRunningAndThenStoppedTakesItsRedisWithIt() throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process demo =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.sway.cli.SwayDev",
                "demo",
                "--keep-running",
                "--accounts",
                "300",
                "--events",
                "3000")
            .redirectErrorStream(true)
            .start();
    int port = -1;
    boolean link = false;
    Pattern redis = Pattern.compile("redis redis://127\\.0\\.0\\.1:(\\d+)");
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.contains("Services stay up")) {
        link |=
            line.contains("The web page, on the top account: http://") && line.contains("#key=");
        Matcher m = redis.matcher(line);
        if (m.find()) {
          port = Integer.parseInt(m.group(1));
        }
      }
      assertThat(line).as("the demo kept running").isNotNull();
      assertThat(port).as("the demo printed its Redis").isPositive();
      assertThat(link).as("the demo printed its web page's address").isTrue();
      assertThat(accepts(port)).isTrue();

      demo.destroy(); // SIGTERM, as Ctrl-C's SIGINT: shutdown hooks run
      assertThat(demo.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      demo.destroyForcibly();
    }
    assertThat(accepts(port)).as("Redis still listening on " + port).isFalse();
  }

  @Test
  void aDemoThatStopsPrintsNoLinkToItsStoppedPage() throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process demo =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.sway.cli.SwayDev",
                "demo",
                "--accounts",
                "300",
                "--events",
                "3000")
            .redirectErrorStream(true)
            .start();
    try {
      String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(out).contains("--keep-running to open its web page").doesNotContain("#key=");
    } finally {
      demo.destroyForcibly();
    }
  }

  static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

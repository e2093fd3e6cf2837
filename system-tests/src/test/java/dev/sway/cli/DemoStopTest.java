package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code sway demo --keep-running} stopped as Ctrl-C stops it leaves no Redis behind. */
class DemoStopTest {
  @Test
  void aDemoKeptRunningAndThenStoppedTakesItsRedisWithIt() throws Exception {
    Process demo = demo("--keep-running");
    int port = -1;
    String page = null;
    Pattern redis = Pattern.compile("redis redis://127\\.0\\.0\\.1:(\\d+)");
    Pattern link = Pattern.compile("on the top account: (http://\\S+)");
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.contains("Services stay up")) {
        Matcher m = redis.matcher(line);
        if (m.find()) {
          port = Integer.parseInt(m.group(1));
        }
        Matcher l = link.matcher(line);
        if (l.find()) {
          page = l.group(1);
        }
      }
      assertThat(line).as("the demo kept running").isNotNull();
      assertThat(port).as("the demo printed its Redis").isPositive();
      assertThat(accepts(port)).isTrue();
      assertThat(page).as("the demo printed the page's address").isNotNull();
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(URI.create(page)).build(), BodyHandlers.ofString());
      assertThat(answer.statusCode())
          .as("the printed page answers while the stack is up")
          .isEqualTo(200);

      demo.destroy(); // SIGTERM, as Ctrl-C's SIGINT: shutdown hooks run
      assertThat(demo.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      demo.destroyForcibly();
    }
    assertThat(accepts(port)).as("Redis still listening on " + port).isFalse();
  }

  @Test
  void aDemoThatStopsPrintsNoLinkToItsStoppedStack() throws Exception {
    Process demo = demo();
    String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(demo.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(demo.exitValue()).as(out).isZero();
    assertThat(out)
        .contains("Top 10")
        .contains("--keep-running")
        .doesNotContain("/#key=")
        .doesNotContainPattern("(?m)^The web page, on the top account: http");
  }

  /** {@code sway demo} on a small network, in its own JVM, with {@code extra} flags. */
  static Process demo(String... extra) throws IOException {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.sway.cli.SwayDev",
                "demo"));
    command.addAll(List.of(extra));
    command.addAll(List.of("--accounts", "300", "--events", "3000"));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
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

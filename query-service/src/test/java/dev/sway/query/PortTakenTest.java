package dev.sway.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sway.local.LocalRedis;
import dev.sway.runtime.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A query service that cannot listen on its HTTP port stops, naming the port and its flag. */
class PortTakenTest {
  static LocalRedis redis;

  @BeforeAll
  static void startRedis() throws IOException {
    redis = LocalRedis.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  static Set<Thread> liveNonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .collect(Collectors.toSet());
  }

  @Test
  void startingOnATakenHttpPortFailsNamingItAndLeavesNothingRunning() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Set<Thread> before = liveNonDaemonThreads();
      assertThatThrownBy(
              () ->
                  QueryServer.start(
                      Settings.ofMap(
                          Map.of(
                              "grpc-port", "0",
                              "metrics-port", "-1",
                              "bind-address", "127.0.0.1",
                              "auth", "off",
                              "redis-uri", redis.uri(),
                              "http-port", Integer.toString(port)))))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("127.0.0.1:" + port)
          .hasMessageContaining("--http-port");
      // Netty's global executor thread ends on its own a second after its last task.
      Set<Thread> after = liveNonDaemonThreads();
      after.removeAll(before);
      for (int i = 0; i < 50 && !after.isEmpty(); i++) {
        Thread.sleep(100);
        after.removeIf(t -> !t.isAlive());
      }
      assertThat(after).as("threads left running by the failed start").isEmpty();
    }
  }

  @Test
  void theServersMainExitsNonZeroNamingThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p =
          new ProcessBuilder(
                  List.of(
                      java,
                      "-cp",
                      System.getProperty("java.class.path"),
                      QueryServer.class.getName(),
                      "--grpc-port=0",
                      "--metrics-port=-1",
                      "--bind-address=127.0.0.1",
                      "--auth=off",
                      "--redis-uri=" + redis.uri(),
                      "--http-port=" + port))
              .redirectErrorStream(true)
              .start();
      boolean exited = p.waitFor(60, TimeUnit.SECONDS);
      if (!exited) {
        p.destroyForcibly();
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(exited).as("exited; output:\n" + out).isTrue();
      assertThat(p.exitValue()).as(out).isNotZero();
      assertThat(out).contains("127.0.0.1:" + port, "--http-port");
    }
  }
}

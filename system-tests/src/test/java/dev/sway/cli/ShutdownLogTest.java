package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.local.LocalRedis;
import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A service stopped with SIGTERM says that it stopped, after draining, on its last line. */
class ShutdownLogTest {
  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void sigtermEndsWithTheStoppedLine() throws Exception {
    try (LocalRedis redis = LocalRedis.start()) {
      int port = freePort();
      String java =
          System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
      Process p =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  "dev.sway.scoring.ScoringServer",
                  "--grpc-port",
                  Integer.toString(port),
                  "--metrics-port",
                  "-1",
                  "--redis-uri",
                  redis.uri())
              .redirectErrorStream(true)
              .start();
      try {
        StringBuilder out = new StringBuilder();
        long deadline = System.currentTimeMillis() + 30_000;
        var in = p.getInputStream();
        byte[] buf = new byte[4096];
        while (!out.toString().contains("serving gRPC") && System.currentTimeMillis() < deadline) {
          int n = in.available() > 0 ? in.read(buf) : 0;
          if (n > 0) {
            out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
          } else {
            Thread.sleep(50);
          }
        }
        assertThat(out.toString()).contains("serving gRPC");
        // SIGTERM, as Kubernetes sends (Process.destroy would also close the output we read).
        new ProcessBuilder("kill", "-TERM", Long.toString(p.pid()))
            .start()
            .waitFor(10, TimeUnit.SECONDS);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        out.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        assertThat(out.toString()).containsPattern("scoring stopped after draining in [0-9]+ ms");
      } finally {
        p.destroyForcibly();
      }
    }
  }
}

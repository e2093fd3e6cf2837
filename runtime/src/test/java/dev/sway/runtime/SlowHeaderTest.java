package dev.sway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that send their request headers a byte at a time (slowloris) neither delay other clients
 * nor hold their connections beyond the header timeout.
 */
class SlowHeaderTest {
  final ManagedChannel channel = InProcessChannelBuilder.forName("nowhere").build();
  final ScheduledExecutorService dribble = Executors.newScheduledThreadPool(1);
  final List<Socket> slow = new ArrayList<>();
  HttpJsonGateway gateway;

  @AfterEach
  void close() throws Exception {
    dribble.shutdownNow();
    for (Socket s : slow) {
      s.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    channel.shutdownNow();
  }

  HttpJsonGateway start() throws Exception {
    return HttpJsonGateway.start(
            "127.0.0.1", 0, channel, List.of(), 5000, 1 << 20, new HttpLimits(1000, 1000, 64, 8))
        .page(
            "/ping",
            ex -> {
              try (ex) {
                byte[] b = "pong".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
              }
            });
  }

  /** A connection that sends one byte of a request line every 100 ms, forever. */
  Socket dribbler() throws Exception {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 2000);
    OutputStream out = s.getOutputStream();
    byte[] line = "GET /ping HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
    int[] at = {0};
    dribble.scheduleAtFixedRate(
        () -> {
          try {
            out.write(at[0] < line.length ? line[at[0]++] : 'a');
            out.flush();
          } catch (Exception closed) {
            // the server closed it: what the test expects
          }
        },
        0,
        100,
        TimeUnit.MILLISECONDS);
    slow.add(s);
    return s;
  }

  @Test
  void slowHeaderClientsNeitherBlockOthersNorStayOpen() throws Exception {
    gateway = start();
    for (int i = 0; i < 4; i++) {
      dribbler();
    }
    Thread.sleep(300);

    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    long t0 = System.nanoTime();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/ping"))
                .timeout(Duration.ofSeconds(4))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.body()).isEqualTo("pong");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));

    // Closed by the server after the header timeout (1 s): reading ends within a few seconds.
    for (Socket s : slow) {
      s.setSoTimeout(5000);
      InputStream in = s.getInputStream();
      long start = System.nanoTime();
      try {
        while (in.read() >= 0) {
          // an error reply may come first
        }
      } catch (java.net.SocketException reset) {
        // reset by the server: closed too
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void oneAddressMayHoldOnlyItsShareOfConnections() throws Exception {
    gateway = start();
    for (int i = 0; i < 8; i++) {
      dribbler();
    }
    Thread.sleep(300);
    // The ninth connection from this address is refused at once, before any header is read.
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 2000);
      s.setSoTimeout(3000);
      String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(reply).startsWith("HTTP/1.1 429");
    }
  }
}

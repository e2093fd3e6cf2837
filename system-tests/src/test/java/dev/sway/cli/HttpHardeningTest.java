package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The HTTP port against requests a browser or a script can forge: another site's key form (login
 * CSRF), a key the server does not accept, a query parameter re-aiming the path's account, and
 * large bodies without a key.
 */
class HttpHardeningTest {
  @RegisterExtension static final LocalStackExtension LOCAL = new LocalStackExtension();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static HttpResponse<String> session(String key, String origin, String fetchSite)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(LOCAL.stack().httpAddress() + "/session"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("key=" + key));
    if (origin != null) {
      b.header("Origin", origin);
    }
    if (fetchSite != null) {
      b.header("Sec-Fetch-Site", fetchSite);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theKeyFormAcceptsOnlyItsOwnPagesAndKeysTheServerAccepts() throws Exception {
    String key = LOCAL.stack().apiKey();
    String self = LOCAL.stack().httpAddress();
    HttpResponse<String> forged = session(key, "https://evil.example", null);
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(session(key, null, "cross-site").statusCode()).isEqualTo(403);
    assertThat(session(key, "null", null).statusCode()).isEqualTo(403);

    HttpResponse<String> unknown = session("sway_notAKeyOfThisServer", self, "same-origin");
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.headers().firstValue("Set-Cookie")).isEmpty();

    HttpResponse<String> ok = session(key, self, "same-origin");
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(ok.headers().firstValue("Set-Cookie").orElseThrow()).doesNotContain("Secure");
  }

  @Test
  void behindTlsTheCookieIsSecure() throws Exception {
    // A proxy ending TLS passes the browser's https Origin and its own Host (here: ours).
    String origin = LOCAL.stack().httpAddress().replace("http://", "https://");
    String host = URI.create(origin).getAuthority();
    try (Socket s = new Socket("127.0.0.1", LOCAL.stack().query().httpPort())) {
      s.setSoTimeout(5000);
      String body = "key=" + LOCAL.stack().apiKey();
      String req =
          "POST /session HTTP/1.1\r\nHost: "
              + host
              + "\r\nOrigin: "
              + origin
              + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
              + body.length()
              + "\r\n\r\n"
              + body;
      s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
      String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(reply)
          .startsWith("HTTP/1.1 303")
          .containsPattern("(?i)set-cookie: sway_key=[^\r]*; Secure");
    }
  }

  @Test
  void aQueryParameterCannotReaimThePathsAccount() throws Exception {
    String base = LOCAL.stack().httpAddress() + "/v1/accounts/x/alice/score";
    for (String q : new String[] {"account.network=y", "account.accountId=bob", "account=z"}) {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + "?" + q))
                  .header("Authorization", "Bearer " + LOCAL.stack().apiKey())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(q).isEqualTo(400);
      assertThat(r.body()).as(q).contains("set by the path");
    }
  }

  @Test
  void aBodyWithoutAValidKeyIsRefusedBeforeItIsRead() throws Exception {
    // Announces 16 MB and sends none of it: the answer must not wait for the body.
    try (Socket s = new Socket("127.0.0.1", LOCAL.stack().query().httpPort())) {
      s.setSoTimeout(3000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /v1/scores:batchGet HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 16000000\r\n\r\n{")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long t0 = System.nanoTime();
      InputStream in = s.getInputStream();
      String reply = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(reply).isEqualTo("HTTP/1.1 401");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }
  }
}

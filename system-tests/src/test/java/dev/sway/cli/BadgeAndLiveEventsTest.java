package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.InteractionType;
import dev.sway.v1.LinkAccountsRequest;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.Score;
import dev.sway.v1.Subject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The HTTP port's badge ({@code /v1/badges/...svg}) and live events ({@code /v1/scores:watch}) on a
 * real stack, over real sockets: the badge shows the score GetScore gives, revalidates with its
 * ETag and is refused without a key like the score read; the event stream sends the current state,
 * then the score as stored after an interaction is ingested, and is capped in number.
 */
class BadgeAndLiveEventsTest {
  /** Two watchers at most on this stack: the cap on event streams follows it. */
  @RegisterExtension
  static final LocalStackExtension LOCAL = new LocalStackExtension(Map.of("max-watchers", "2"));

  static final HttpClient HTTP = HttpClient.newHttpClient();
  static int events;

  @BeforeAll
  static void load() {
    share("bfan1", "balice");
    share("bfan2", "balice");
    share("bfan3", "bbob");
    LOCAL
        .client()
        .ingest()
        .linkAccounts(
            LinkAccountsRequest.newBuilder()
                .setPersonId("badge-person")
                .addAccounts(EndToEndTest.acct("balice"))
                .build());
  }

  static void share(String actor, String target) {
    LOCAL
        .client()
        .ingest()
        .recordInteractions(
            RecordInteractionsRequest.newBuilder()
                .addInteractions(
                    EndToEndTest.event(
                        "b" + (++events), InteractionType.INTERACTION_TYPE_SHARE, actor, target))
                .build());
  }

  static Score score(Subject s) {
    return LOCAL
        .client()
        .query()
        .getScore(GetScoreRequest.newBuilder().setSubject(s).build())
        .getScore();
  }

  static HttpResponse<String> get(String path, String key, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(LOCAL.stack().httpAddress() + path))
            .timeout(Duration.ofSeconds(20));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theBadgeShowsTheScoreIsCacheableAndNeedsTheKeyOfTheScoreRead() throws Exception {
    String key = LOCAL.stack().apiKey();
    Score alice = score(Subject.newBuilder().setAccount(EndToEndTest.acct("balice")).build());
    HttpResponse<String> badge = get("/v1/badges/accounts/x/balice.svg", key);
    assertThat(badge.statusCode()).isEqualTo(200);
    assertThat(badge.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("image/svg+xml");
    assertThat(badge.body())
        .startsWith("<svg")
        .contains(">" + String.format(Locale.ROOT, "%.1f", alice.getScore()) + "</text>")
        .contains("<title>x:balice: Sway score");
    String etag = badge.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).matches("\"[0-9a-f]+\"");
    // Sent with a key: private to it, never kept by a shared cache.
    assertThat(badge.headers().firstValue("Cache-Control").orElseThrow())
        .startsWith("private")
        .contains("max-age=");

    HttpResponse<String> again =
        get("/v1/badges/accounts/x/balice.svg", key, "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(
            get("/v1/badges/accounts/x/balice.svg", key, "If-None-Match", "\"other\"").statusCode())
        .isEqualTo(200);

    // Another score, another image, another tag.
    HttpResponse<String> bob = get("/v1/badges/accounts/x/bbob.svg", key);
    assertThat(bob.statusCode()).isEqualTo(200);
    assertThat(bob.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);

    // A person's badge is its combined score.
    Score person = score(Subject.newBuilder().setPersonId("badge-person").build());
    HttpResponse<String> p = get("/v1/badges/persons/badge-person.svg", key);
    assertThat(p.statusCode()).isEqualTo(200);
    assertThat(p.body())
        .contains(">" + String.format(Locale.ROOT, "%.1f", person.getScore()) + "<");

    // The score read's rules: no key or a wrong one is the API's 401, before any score is read.
    HttpResponse<String> anonymous = get("/v1/badges/accounts/x/balice.svg", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(JsonParser.parseString(anonymous.body()).getAsJsonObject().get("code").getAsInt())
        .isEqualTo(16);
    assertThat(anonymous.body()).doesNotContain("svg");
    assertThat(get("/v1/badges/accounts/x/balice.svg", "sway_notAKey").statusCode()).isEqualTo(401);

    HttpResponse<String> nobody = get("/v1/badges/accounts/x/bnobody.svg", key);
    assertThat(nobody.statusCode()).isEqualTo(404);
    assertThat(nobody.body()).contains("no score yet");
    assertThat(nobody.headers().firstValue("Cache-Control").orElseThrow()).isEqualTo("no-store");
    assertThat(get("/v1/badges/x/balice.png", key).statusCode()).isEqualTo(404);
  }

  /** An open event stream: its lines land in a queue, read on a thread of its own. */
  static final class Stream implements AutoCloseable {
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final InputStream body;
    final int status;

    Stream(String query, String key) throws Exception {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(
              URI.create(LOCAL.stack().httpAddress() + "/v1/scores:watch?" + query));
      if (key != null) {
        b.header("Authorization", "Bearer " + key);
      }
      HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      status = r.statusCode();
      body = r.body();
      Thread t =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                  for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                  }
                } catch (java.io.IOException closed) {
                  // the test closed it
                }
              });
      t.setDaemon(true);
      t.start();
    }

    /** The next event's name and data, waiting up to 20 s. */
    List<String> next() throws InterruptedException {
      List<String> event = new ArrayList<>();
      while (true) {
        String line = lines.poll(20, TimeUnit.SECONDS);
        assertThat(line).as("an event within 20 s").isNotNull();
        if (line.isEmpty() && event.size() == 2) {
          return event;
        }
        if (line.startsWith("event: ") || line.startsWith("data: ")) {
          event.add(line.substring(line.indexOf(' ') + 1));
        }
      }
    }

    @Override
    public void close() throws Exception {
      body.close();
    }
  }

  @Test
  void anOpenStreamSendsTheCurrentScoreThenTheChangeAnInteractionMakes() throws Exception {
    String key = LOCAL.stack().apiKey();
    assertThat(get("/v1/scores:watch?account=x:balice", null).statusCode()).isEqualTo(401);
    HttpResponse<String> bad = get("/v1/scores:watch?account=balice", key);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("network:id");
    // Validated by WatchScores itself: the request's own field errors.
    assertThat(get("/v1/scores:watch", key).statusCode()).isEqualTo(400);

    try (Stream live = new Stream("account=x:balice", key)) {
      assertThat(live.status).isEqualTo(200);
      List<String> first = live.next();
      assertThat(first.get(0)).isEqualTo("score");
      JsonObject initial = JsonParser.parseString(first.get(1)).getAsJsonObject();
      assertThat(initial.get("initial").getAsBoolean()).isTrue();
      long before = initial.getAsJsonObject("score").get("interactionCount").getAsLong();
      assertThat(before)
          .isEqualTo(
              score(Subject.newBuilder().setAccount(EndToEndTest.acct("balice")).build())
                  .getInteractionCount());

      share("bfan4", "balice");
      // Each stored change of the account is an event; the one the interaction made counts it.
      JsonObject changed;
      do {
        List<String> change = live.next();
        assertThat(change.get(0)).isEqualTo("score");
        changed = JsonParser.parseString(change.get(1)).getAsJsonObject();
      } while (changed.getAsJsonObject("score").get("interactionCount").getAsLong() == before);
      assertThat(changed.has("initial") && changed.get("initial").getAsBoolean()).isFalse();
      assertThat(changed.getAsJsonObject("score").get("interactionCount").getAsLong())
          .isEqualTo(before + 1);
      assertThat(changed.has("changeTime")).isTrue();

      // Two streams are the cap here: a third is refused at once, as the API refuses a limit.
      try (Stream second = new Stream("person=badge-person", key)) {
        assertThat(second.status).isEqualTo(200);
        assertThat(second.next().get(1)).contains("badge-person");
        HttpResponse<String> third = get("/v1/scores:watch?account=x:bbob", key);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(JsonParser.parseString(third.body()).getAsJsonObject().get("code").getAsInt())
            .isEqualTo(8);
      }
    }
  }
}

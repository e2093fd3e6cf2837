package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sway.v1.InteractionType;
import dev.sway.v1.ListLeaderboardRequest;
import dev.sway.v1.ListLeaderboardResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The read API as JSON over HTTP, against a real local stack: every curl example of {@code
 * docs/http.md} is run as written (its command parsed and sent) and must answer the status and the
 * shape the document shows; paging over HTTP lists what gRPC lists; wrong paths and verbs say so.
 */
class HttpJsonDocTest {
  @RegisterExtension static final LocalStackExtension LOCAL = new LocalStackExtension();

  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Values compared exactly; all other values only need to be present with the same shape. */
  static final Set<String> EXACT =
      Set.of("code", "found", "network", "accountId", "field", "@type");

  @BeforeAll
  static void load() {
    List<dev.sway.v1.Interaction> events = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      events.add(
          EndToEndTest.event(
              "h" + i, InteractionType.INTERACTION_TYPE_SHARE, "hfan" + i, "alice", "ai"));
    }
    events.add(EndToEndTest.event("h9", InteractionType.INTERACTION_TYPE_LIKE, "hfan9", "bob"));
    LOCAL
        .client()
        .ingest()
        .recordInteractions(
            dev.sway.v1.RecordInteractionsRequest.newBuilder().addAllInteractions(events).build());
  }

  /** One example of the document: a curl command, the status it answers, the answer's shape. */
  record Example(String command, int status, JsonElement shape) {}

  static List<Example> examples() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "http.md"));
    Pattern block =
        Pattern.compile(
            "```sh\\n(.*?)```\\s*\\nanswers `(\\d{3})`:\\s*\\n```json\\n(.*?)```", Pattern.DOTALL);
    Matcher m = block.matcher(doc);
    List<Example> out = new ArrayList<>();
    while (m.find()) {
      out.add(
          new Example(
              m.group(1).replace("\\\n", " ").trim(),
              Integer.parseInt(m.group(2)),
              JsonParser.parseString(m.group(3))));
    }
    return out;
  }

  @Test
  void everyCurlExampleOfTheDocumentAnswersWhatItShows() throws Exception {
    List<Example> examples = examples();
    assertThat(examples).as("examples in docs/http.md").hasSizeGreaterThanOrEqualTo(8);
    for (Example e : examples) {
      HttpResponse<String> r = HTTP.send(curl(e.command()), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(e.command()).isEqualTo(e.status());
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      assertShape(e.command(), "", e.shape(), JsonParser.parseString(r.body()));
    }
  }

  @Test
  void pagesOverHttpListWhatGrpcLists() throws Exception {
    ListLeaderboardResponse grpc =
        LOCAL.client().query().listLeaderboard(ListLeaderboardRequest.newBuilder().build());
    List<String> overHttp = new ArrayList<>();
    String token = "";
    do {
      JsonObject page =
          get("/v1/leaderboard?page_size=1&page_token=" + token, 200).getAsJsonObject();
      for (JsonElement entry : page.getAsJsonArray("entries")) {
        overHttp.add(
            entry.getAsJsonObject().getAsJsonObject("account").get("accountId").getAsString());
      }
      token = page.get("nextPageToken").getAsString();
    } while (!token.isEmpty());
    assertThat(overHttp)
        .hasSizeGreaterThanOrEqualTo(2)
        .containsExactlyElementsOf(
            grpc.getEntriesList().stream().map(x -> x.getAccount().getAccountId()).toList());
  }

  @Test
  void wrongPathsVerbsAndParametersSayWhatIsWrong() throws Exception {
    assertThat(get("/v1/nothing-here", 404).getAsJsonObject().get("message").getAsString())
        .contains("/v1/nothing-here");
    HttpResponse<String> post =
        HTTP.send(
            request("/v1/leaderboard").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(get("/v1/leaderboard?persons=maybe", 400).toString()).contains("true or false");
    assertThat(get("/v1/leaderboard?page_sise=2", 400).toString()).contains("page_sise");
    HttpResponse<String> badBody =
        HTTP.send(
            request("/v1/scores:batchGet")
                .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(badBody.statusCode()).isEqualTo(400);
  }

  @Test
  void withoutJavaScriptTheFormsGiveAScoreCardMadeByTheServer() throws Exception {
    String base = LOCAL.stack().httpAddress();
    HttpResponse<String> page =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.body()).contains("action=\"/session\"").contains("action=\"/card\"");

    // The key form: the key comes back as a cookie only this server gets, then the card.
    HttpResponse<String> session =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/session"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + LOCAL.stack().apiKey()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(session.statusCode()).isEqualTo(303);
    String cookie = session.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
    String pair = cookie.substring(0, cookie.indexOf(';'));

    HttpResponse<String> card = html(base + "/card?network=x&account=alice", pair);
    assertThat(card.statusCode()).isEqualTo(200);
    double score =
        LOCAL
            .client()
            .query()
            .getScore(
                dev.sway.v1.GetScoreRequest.newBuilder()
                    .setAccount(EndToEndTest.acct("alice"))
                    .build())
            .getScore()
            .getScore();
    assertThat(card.body())
        .contains("x:alice")
        .contains(String.format(java.util.Locale.ROOT, "%.1f", score))
        .contains("amplification")
        .contains("<li>#ai: ");
    assertThat(html(base + "/card?network=x&account=nobody", pair).statusCode()).isEqualTo(404);
    assertThat(html(base + "/card?network=x&account=alice", null).statusCode()).isEqualTo(401);
    // What the request carries is escaped, never markup.
    HttpResponse<String> odd = html(base + "/card?network=x&account=%3Cb%3Ehi", pair);
    assertThat(odd.body()).doesNotContain("<b>hi").contains("&lt;b&gt;hi");
  }

  static HttpResponse<String> html(String url, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonElement get(String path, int status) throws Exception {
    HttpResponse<String> r =
        HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(status);
    return JsonParser.parseString(r.body());
  }

  static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(LOCAL.stack().httpAddress() + path))
        .header("Authorization", "Bearer " + LOCAL.stack().apiKey());
  }

  /** The request a curl command of the document makes (-s, -X, -H, -d and the URL). */
  static HttpRequest curl(String command) {
    List<String> words = words(command);
    assertThat(words.get(0)).isEqualTo("curl");
    HttpRequest.Builder b = null;
    String method = "GET";
    String body = null;
    List<String[]> headers = new ArrayList<>();
    for (int i = 1; i < words.size(); i++) {
      String w = words.get(i);
      switch (w) {
        case "-s" -> {}
        case "-X" -> method = words.get(++i);
        case "-H" -> {
          String h = words.get(++i);
          headers.add(
              new String[] {
                h.substring(0, h.indexOf(':')), h.substring(h.indexOf(':') + 1).trim()
              });
        }
        case "-d" -> body = words.get(++i);
        default -> b = HttpRequest.newBuilder(URI.create(w));
      }
    }
    assertThat(b).as("a URL in " + command).isNotNull();
    for (String[] h : headers) {
      b.header(h[0], h[1]);
    }
    return b.method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** Shell words: single quotes literal, double quotes with $SWAY_HTTP and $SWAY_API_KEY. */
  static List<String> words(String command) {
    List<String> out = new ArrayList<>();
    StringBuilder w = null;
    char quote = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (quote == 0 && Character.isWhitespace(c)) {
        if (w != null) {
          out.add(expand(w.toString()));
          w = null;
        }
        continue;
      }
      if (w == null) {
        w = new StringBuilder();
      }
      if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      } else if (quote == '\'' && c == '$') {
        w.append('\u0000');
      } else {
        w.append(c);
      }
    }
    if (w != null) {
      out.add(expand(w.toString()));
    }
    return out;
  }

  static String expand(String word) {
    return word.replace("$SWAY_HTTP", LOCAL.stack().httpAddress())
        .replace("$SWAY_API_KEY", LOCAL.stack().apiKey())
        .replace('\u0000', '$');
  }

  /** Every key of {@code shape} is in {@code actual}, recursively, with the same kind of value. */
  static void assertShape(String where, String path, JsonElement shape, JsonElement actual) {
    if (shape.isJsonObject()) {
      assertThat(actual.isJsonObject()).as(where + " " + path + ": " + actual).isTrue();
      JsonObject a = actual.getAsJsonObject();
      for (var e : shape.getAsJsonObject().entrySet()) {
        assertThat(a.has(e.getKey()))
            .as(where + " has " + path + "." + e.getKey() + ": " + a)
            .isTrue();
        if (EXACT.contains(e.getKey()) && e.getValue().isJsonPrimitive()) {
          assertThat(a.get(e.getKey()))
              .as(where + " " + path + "." + e.getKey())
              .isEqualTo(e.getValue());
        } else {
          assertShape(where, path + "." + e.getKey(), e.getValue(), a.get(e.getKey()));
        }
      }
    } else if (shape.isJsonArray()) {
      assertThat(actual.isJsonArray()).as(where + " " + path).isTrue();
      JsonArray s = shape.getAsJsonArray();
      JsonArray a = actual.getAsJsonArray();
      for (int i = 0; i < s.size(); i++) {
        assertThat(a.size()).as(where + " " + path + " has element " + i).isGreaterThan(i);
        assertShape(where, path + "[" + i + "]", s.get(i), a.get(i));
      }
    } else {
      assertThat(actual.isJsonPrimitive()).as(where + " " + path + ": " + actual).isTrue();
    }
  }
}

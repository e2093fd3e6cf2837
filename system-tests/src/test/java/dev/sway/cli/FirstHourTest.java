package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sway.local.LocalRedis;
import dev.sway.v1.AccountRef;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.ListLeaderboardRequest;
import dev.sway.v1.Score;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a newcomer meets in the first hour with the {@code sway} command, against a real local
 * stack: loading their own files, numbers that agree across commands, errors that name the address
 * and the fix, exit codes as documented, and stable JSON.
 */
class FirstHourTest {
  @RegisterExtension static final LocalStackExtension LOCAL = new LocalStackExtension();

  @TempDir Path dir;

  /** What a command printed and returned. */
  record Run(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  /** Runs {@code sway ARGS} (the development command, as ./sway) capturing stdout and stderr. */
  static Run sway(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = SwayDev.run(args);
      return new Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** The same against the test's stack. */
  static Run at(String... args) {
    List<String> a = new ArrayList<>(Arrays.asList(args));
    a.addAll(
        List.of("--target", LOCAL.stack().queryTarget(), "--ingest", LOCAL.stack().ingestTarget()));
    return sway(a.toArray(String[]::new));
  }

  Path file(String name, String... lines) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, String.join("\n", lines) + "\n");
    return p;
  }

  static String share(String id, String actor, String target) {
    return id
        + ",share,"
        + actor
        + ","
        + target
        + ","
        + (System.currentTimeMillis() / 1000 - 60)
        + ",jazz";
  }

  static final String HEADER = "event_id,type,actor,target,time,topics";

  static boolean scored(String network, String id) {
    try {
      LOCAL
          .client()
          .query()
          .getScore(
              GetScoreRequest.newBuilder()
                  .setAccount(AccountRef.newBuilder().setNetwork(network).setAccountId(id))
                  .build());
      return true;
    } catch (io.grpc.StatusRuntimeException e) {
      return false;
    }
  }

  static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  // 1. Formats are documented where a newcomer looks, any case; a file is never taken blindly
  // for another format; a bad header stops once, naming the columns, with nothing stored.
  @Test
  void ownFilesLoadAsTheHelpSaysAndBadOnesStopBeforeAnythingIsStored() throws Exception {
    Run help = sway("ingest", "--help");
    assertThat(help.out())
        .contains("csv", "jsonl", "higgs", "event_id,type,actor,target,time", "account,followers")
        .contains("sway ingest events.csv");

    Path csv = file("mine.csv", HEADER, share("fh1-e1", "x:fh1-fan", "x:fh1-star"));
    assertThat(at("ingest", "--format", "CSV", csv.toString()).code()).isZero();
    assertThat(scored("x", "fh1-star")).isTrue();

    Path prose = file("notes.txt", "some notes about the data", "x y z");
    Run notes = at("ingest", prose.toString());
    assertThat(notes.code()).isEqualTo(ExitCode.INVALID_ARGUMENT.code);
    assertThat(notes.err()).contains("cannot tell the format of", "--format csv, jsonl or higgs");
    assertThat(notes.err()).doesNotContain("got 1 fields");

    long now = System.currentTimeMillis() / 1000 - 60;
    Path higgs = file("activity.txt", "fh1h1 fh1h2 " + now + " RT", "fh1h3 fh1h2 " + now + " MT");
    Run h = at("ingest", higgs.toString(), "--network", "x");
    assertThat(h.code()).as(h.all()).isZero();
    assertThat(h.out()).contains("accepted 2 ");

    Path wrong = file("wrong.csv", "a,b,c", "1,2,3", "4,5,6");
    Run bad = at("ingest", wrong.toString());
    assertThat(bad.code()).isEqualTo(ExitCode.INVALID_ARGUMENT.code);
    assertThat(count(bad.err(), "event_id,type,actor,target,time")).isEqualTo(1);
    assertThat(bad.err()).contains("wrong.csv:1", "account,followers,following,posts,time");
    assertThat(bad.out()).doesNotContain("rejected");
  }

  // 2. JSON Lines takes what CSV takes: lower-case types, Unix seconds, x:alice accounts.
  @Test
  void jsonLinesTakesTheSpellingsCsvTakes() throws Exception {
    long now = System.currentTimeMillis() / 1000 - 60;
    Path jsonl =
        file(
            "events.jsonl",
            "{\"event_id\":\"fh2-1\",\"type\":\"SHARE\",\"actor\":\"x:fh2-fan\",\"target\":\"x:fh2-star\",\"time\":"
                + now
                + "}",
            "{\"event_id\":\"fh2-2\",\"type\":\"like\",\"actor\":\"x:fh2-fan2,\"target\":\"x:fh2-star\"}");
    Run r = at("ingest", jsonl.toString());
    assertThat(r.code()).isEqualTo(ExitCode.SOME_REJECTED.code);
    assertThat(r.out()).contains("accepted 1 ", "rejected 1 ");
    assertThat(r.err()).contains("events.jsonl:2: invalid JSON").doesNotContain("Exception");
    assertThat(scored("x", "fh2-star")).isTrue();
  }

  // 3. A benchmark pointed at a stack starts its own unless told --remote.
  @Test
  void aBenchmarkNeverWritesIntoTheStackItIsPointedAtUnlessToldRemote() {
    long before = total();
    Run r = at("bench", "freshness", "--samples", "5", "--watched", "3");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("ack → watcher");
    assertThat(total()).as("accounts on the pointed-at stack's leaderboard").isEqualTo(before);
    assertThat(sway("bench", "freshness", "--local", "--remote").code())
        .isEqualTo(ExitCode.USAGE.code);
  }

  static long total() {
    return LOCAL
        .client()
        .query()
        .listLeaderboard(ListLeaderboardRequest.newBuilder().setPageSize(1).build())
        .getTotalSize();
  }

  // 4. Nothing is lost without a word: a batch of 0, an unknown column, a missing second file.
  @Test
  void ingestRefusesWhatWouldLoseDataAndSaysWhy() throws Exception {
    Path good = file("good.csv", HEADER, share("fh4-e1", "x:fh4-fan", "x:fh4-star"));
    for (String n : List.of("0", "-1")) {
      Run r = at("ingest", "--batch", n, good.toString());
      assertThat(r.code()).isEqualTo(ExitCode.INVALID_ARGUMENT.code);
      assertThat(r.err()).contains("--batch must be between 1 and").doesNotContain("Illegal");
    }
    Path singular =
        file(
            "topic.csv",
            "event_id,type,actor,target,time,topic",
            share("fh4-e2", "x:a4", "x:fh4-t"));
    Run t = at("ingest", singular.toString());
    assertThat(t.code()).isEqualTo(ExitCode.INVALID_ARGUMENT.code);
    assertThat(t.err()).contains("unknown column 'topic' (did you mean 'topics'?)");

    Run missing = at("ingest", good.toString(), dir.resolve("nope.csv").toString());
    assertThat(missing.code()).isEqualTo(ExitCode.NOT_FOUND.code);
    assertThat(missing.err()).contains("no such file: ", "nope.csv", "nothing was loaded");
    assertThat(scored("x", "fh4-star")).as("the first file was not loaded alone").isFalse();
    assertThat(scored("x", "fh4-t")).isFalse();

    Run ok = at("ingest", good.toString());
    assertThat(ok.code()).isZero();
    assertThat(ok.out()).contains("accepted 1  duplicate 0  snapshots 0  rejected 0");
    assertThat(ok.err())
        .as("no progress frames when stderr is not a terminal")
        .doesNotContain("\r");
  }

  // 5. One rounding and one meaning per label across score, explain, top, history and export.
  @Test
  void theNumbersAgreeAcrossCommands() throws Exception {
    List<String> rows = new ArrayList<>(List.of(HEADER));
    for (int i = 0; i < 12; i++) {
      rows.add(share("fh5-" + i, "x:fh5-fan" + (i % 7), "x:fh5-star"));
    }
    assertThat(at("ingest", file("five.csv", rows.toArray(String[]::new)).toString()).code())
        .isZero();
    Score s =
        LOCAL
            .client()
            .query()
            .getScore(
                GetScoreRequest.newBuilder()
                    .setAccount(AccountRef.newBuilder().setNetwork("x").setAccountId("fh5-star"))
                    .build())
            .getScore();
    String score = String.format(Locale.ROOT, "%.1f", s.getScore());

    Run text = at("score", "x:fh5-star");
    assertThat(text.out())
        .contains("score " + score + " ")
        .contains(
            String.format(
                Locale.ROOT, "recent engagers %,d (decayed count)", s.getDistinctEngagers()))
        .contains("interactions received 12");
    Run explain = at("explain", "x:fh5-star");
    assertThat(explain.out())
        .contains("scores " + score + " out of 100")
        .contains(String.format(Locale.ROOT, "%,d recent engagers", s.getDistinctEngagers()))
        .contains("the most engaged of the 7 kept on record");

    Run history = at("history", "x:fh5-star", "--json");
    var points = JsonParser.parseString(history.out()).getAsJsonObject().getAsJsonArray("points");
    assertThat(points.get(points.size() - 1).getAsJsonObject().get("score").getAsDouble())
        .isEqualTo(s.getScore());

    Run export = at("export", "--account", "x:fh5-star");
    JsonObject record =
        JsonParser.parseString(export.out())
            .getAsJsonObject()
            .getAsJsonArray("accounts")
            .get(0)
            .getAsJsonObject()
            .getAsJsonObject("record");
    assertThat(record.get("score").getAsDouble()).isEqualTo(s.getScore());
    assertThat(record.get("percentile").getAsDouble()).isEqualTo(s.getPercentile());
    assertThat(record.get("distinctEngagers").getAsLong()).isEqualTo(s.getDistinctEngagers());

    Run top = at("top", "-n", "1000");
    Matcher row = Pattern.compile("\\s+\\d+\\s+x:fh5-star\\s+([\\d.]+)\\s").matcher(top.out());
    assertThat(row.find()).as(top.out()).isTrue();
    assertThat(row.group(1)).isEqualTo(score);
  }

  // 6. top fills its component columns, aligns long names and says how many are ranked.
  @Test
  void topShowsEveryColumnAlignedWithTheTotal() throws Exception {
    String longName = "x:fh6-" + "a-very-long-account-name-indeed".repeat(2);
    assertThat(
            at(
                    "ingest",
                    file(
                            "six.csv",
                            HEADER,
                            share("fh6-1", "x:fh6-fan", longName),
                            share("fh6-2", "x:fh6-fan2", "x:fh6-b"))
                        .toString())
                .code())
        .isZero();
    Run top = at("top", "-n", "1000");
    List<String> table =
        top.out().lines().filter(l -> l.startsWith("rank ") || l.matches("\\s+\\d+\\s.*")).toList();
    assertThat(table).hasSizeGreaterThan(2);
    assertThat(table.stream().map(String::length).distinct()).as(top.out()).hasSize(1);
    for (String l : table.subList(1, table.size())) {
      assertThat(l.strip().split("\\s+")).as(l).hasSize(7);
    }
    assertThat(top.out())
        .contains(longName)
        .contains("of " + String.format(Locale.ROOT, "%,d", total()) + " accounts ranked");
  }

  // 7. Connection and key problems name the address, the likely cause and the fix.
  @Test
  void connectionAndKeyErrorsSayWhereAndWhatToDo() throws Exception {
    int free = LocalRedis.freePort();
    Run refused = sway("score", "x:a", "--target", "127.0.0.1:" + free);
    assertThat(refused.code()).isEqualTo(ExitCode.UNAVAILABLE.code);
    assertThat(refused.err())
        .contains("cannot reach the query service at 127.0.0.1:" + free, "connection refused")
        .contains("sway up", "SWAY_QUERY_TARGET");

    Path one = file("seven.csv", HEADER, share("fh7-1", "x:fh7-fan", "x:fh7-star"));
    Run ingest = sway("ingest", one.toString(), "--ingest", "127.0.0.1:" + free);
    assertThat(ingest.code()).isEqualTo(ExitCode.UNAVAILABLE.code);
    assertThat(ingest.err())
        .contains("cannot reach the ingest service at 127.0.0.1:" + free)
        .contains("--ingest HOST:PORT or SWAY_INGEST_TARGET")
        .contains("stopped in ", "accepted 0")
        .as("no retries for a service never reached")
        .doesNotContain("retries");

    Run atIngest = sway("score", "x:a", "--target", LOCAL.stack().ingestTarget());
    assertThat(atIngest.err())
        .contains(LOCAL.stack().ingestTarget() + " does not offer sway.v1.QueryService/GetScore")
        .contains("Is that the query service?");

    Run atRedis = sway("score", "x:a", "--target", "127.0.0.1:" + LOCAL.stack().redis().port());
    assertThat(atRedis.code()).isEqualTo(ExitCode.UNAVAILABLE.code);
    assertThat(atRedis.err()).contains("is not the query service", "not as a gRPC server");

    Run url = sway("score", "x:a", "--target", "http://" + LOCAL.stack().queryTarget());
    assertThat(url.code()).isEqualTo(ExitCode.INVALID_ARGUMENT.code);
    assertThat(url.err()).contains("not a URL: use " + LOCAL.stack().queryTarget());

    Run noKey = at("score", "x:a", "--api-key=");
    assertThat(noKey.code()).isEqualTo(ExitCode.NOT_ALLOWED.code);
    assertThat(noKey.err()).contains("needs an API key", "SWAY_API_KEY", "--api-key");
    Run oldKey = at("score", "x:a", "--api-key", "sway_from-an-earlier-run");
    assertThat(oldKey.code()).isEqualTo(ExitCode.NOT_ALLOWED.code);
    assertThat(oldKey.err())
        .contains("does not accept this API key", "new key each time it starts");
  }

  // watch gives up with the same words when its stream cannot start, instead of waiting forever.
  @Test
  void watchSaysWhyItCannotStart() throws Exception {
    int free = LocalRedis.freePort();
    Run refused = sway("watch", "x:a", "--target", "127.0.0.1:" + free);
    assertThat(refused.code()).isEqualTo(ExitCode.UNAVAILABLE.code);
    assertThat(refused.err()).contains("cannot reach the query service at 127.0.0.1:" + free);
    Run badKey = at("watch", "x:a", "--api-key", "sway_wrong");
    assertThat(badKey.code()).isEqualTo(ExitCode.NOT_ALLOWED.code);
    assertThat(badKey.err()).contains("does not accept this API key");
    Run two = at("watch", "x:fh-watch-nobody", "--count", "1");
    assertThat(two.code()).as(two.all()).isZero();
    assertThat(two.out()).contains("x:fh-watch-nobody", "no score");
  }

  // An unknown host is one message, not gRPC's logged stack trace (a separate process: the
  // trace went to the log's own stream, which this JVM's capture does not see).
  @Test
  void anUnknownHostIsOneMessage() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.sway.cli.SwayDev",
                "score",
                "x:a",
                "--target",
                "nosuchhost.invalid:50053",
                "--deadline-ms",
                "5000")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isEqualTo(ExitCode.UNAVAILABLE.code);
    assertThat(out).contains("nosuchhost.invalid:50053").doesNotContain("\tat ", "Exception");
  }

  // 8. docs/cli.md lists the exit codes the command returns, and each is what it says.
  @Test
  void exitCodesAreTheDocumentedOnes() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "cli.md"));
    Matcher m = Pattern.compile("(?m)^\\| (\\d) \\| (.+) \\|$").matcher(doc);
    List<String> documented = new ArrayList<>();
    while (m.find()) {
      documented.add(m.group(1) + " " + m.group(2));
    }
    assertThat(documented)
        .containsExactlyElementsOf(
            Arrays.stream(ExitCode.values()).map(e -> e.code + " " + e.meaning).toList());
    assertThat(
            at(
                    "ingest",
                    file("ok8.csv", HEADER, share("fh8-1", "x:fh8-fan", "x:fh8-star")).toString())
                .code())
        .isEqualTo(0);

    assertThat(at("score", "x:fh8-star").code()).isEqualTo(0);
    assertThat(at("score", "--bogus", "x:fh8-star").code()).isEqualTo(1);
    assertThat(at("bogus-command").code()).isEqualTo(1);
    assertThat(at("score").code()).isEqualTo(1);
    assertThat(at("score", "alice").code()).isEqualTo(2);
    assertThat(at("score", "Instagram:alice").code()).isEqualTo(2);
    Run until = at("history", "x:fh8-star", "--until", "yesterday");
    assertThat(until.code()).isEqualTo(2);
    assertThat(until.err())
        .contains("--until must be a day, YYYY-MM-DD")
        .doesNotContain("Exception");
    Run days = at("history", "x:fh8-star", "--days", "400");
    assertThat(days.code()).isEqualTo(2);
    assertThat(days.err())
        .contains("--days must be between 1 and 366")
        .doesNotContain("start_time");
    assertThat(at("top", "-n", "0").code()).isEqualTo(2);
    assertThat(at("top", "-n", "abc").code()).isEqualTo(2);
    assertThat(sway("score", "x:a", "--target", "127.0.0.1:1", "--deadline-ms", "2000").code())
        .isEqualTo(3);
    assertThat(at("score", "x:fh8-nobody").code()).isEqualTo(4);
    Run nobody = at("export", "--person", "fh8-nobody");
    assertThat(nobody.code()).isEqualTo(4);
    assertThat(nobody.out()).isEmpty();
    assertThat(at("export", "--account", "x:fh8-nobody").code()).isEqualTo(4);
    assertThat(
            at("ingest", file("bad8.csv", HEADER, "fh8-2,like,x:a,x:a,1795600000,").toString())
                .code())
        .isEqualTo(5);
    assertThat(at("score", "x:fh8-star", "--api-key", "sway_wrong").code()).isEqualTo(6);
    assertThat(at("link", "fh8-p1", "x:fh8-star").code()).isEqualTo(0);
    Run conflict = at("link", "fh8-p2", "x:fh8-star");
    assertThat(conflict.code()).isEqualTo(7);
    assertThat(conflict.err()).contains("already linked to person 'fh8-p1'");

    // A service's violations are printed once, each on its line (a network in capitals is
    // answered before the call: see aNetworkInCapitalsGetsTheLowerCaseOneSuggested).
    Run invalid = at("score", "1nstagram:alice");
    assertThat(count(invalid.err(), "got '1nstagram'")).isEqualTo(1);
  }

  // 9. A person's combined score is one flag away, and an account says whose it is.
  @Test
  void aPersonsScoreIsReachableAndAnAccountNamesItsPerson() throws Exception {
    assertThat(
            at(
                    "ingest",
                    file(
                            "nine.csv",
                            HEADER,
                            share("fh9-1", "x:fh9-fan", "x:fh9-alice"),
                            share("fh9-2", "mastodon:fh9-fan", "mastodon:fh9-alice"))
                        .toString())
                .code())
        .isZero();
    assertThat(at("link", "fh9-alice", "x:fh9-alice", "mastodon:fh9-alice").code()).isZero();
    Run account = at("score", "x:fh9-alice");
    assertThat(account.out())
        .contains("linked to person fh9-alice", "sway score --person fh9-alice");
    Run person = at("score", "--person", "fh9-alice");
    assertThat(person.code()).as(person.all()).isZero();
    assertThat(person.out())
        .contains("person fh9-alice  score")
        .contains("accounts combined: mastodon:fh9-alice, x:fh9-alice");
    assertThat(at("score", "--person", "fh9-alice", "x:fh9-alice").code()).isEqualTo(1);
    // The person's explanation (its shape: aPersonIsExplainedAndListsSayWhoseNumbersTheyShow).
    assertThat(at("explain", "--person", "fh9-alice", "x:fh9-alice").code()).isEqualTo(1);
    // watch names what it follows: the account's numbers beside the account, not its person.
    Run watchAccount = at("watch", "x:fh9-alice", "--count", "1");
    assertThat(watchAccount.out()).contains("x:fh9-alice").doesNotContain("person fh9-alice");
    Run watchPerson = at("watch", "--person", "fh9-alice", "--count", "1");
    assertThat(watchPerson.out()).contains("person fh9-alice");
  }

  // 9b. A person is explained as its accounts combine; watch and top say whose numbers they show.
  @Test
  void aPersonIsExplainedAndListsSayWhoseNumbersTheyShow() throws Exception {
    assertThat(
            at(
                    "ingest",
                    file(
                            "nine-b.csv",
                            HEADER,
                            share("fh9b-1", "x:fh9b-fan", "x:fh9b-bob"),
                            share("fh9b-2", "x:fh9b-fan2", "x:fh9b-bob"),
                            share("fh9b-3", "mastodon:fh9b-fan", "mastodon:fh9b-bob"))
                        .toString())
                .code())
        .isZero();
    assertThat(at("link", "fh9b-bob", "x:fh9b-bob", "mastodon:fh9b-bob").code()).isZero();

    Run person = at("explain", "--person", "fh9b-bob");
    assertThat(person.code()).as(person.all()).isZero();
    assertThat(person.out())
        .contains("person fh9b-bob:", "from 2 linked accounts")
        .containsPattern("(?m)^  x +\\d+\\.\\d  counts in full$")
        .containsPattern("(?m)^  mastodon +\\d+\\.\\d  counts half$")
        .contains("the next half")
        .contains("\nx:fh9b-bob\n", "\nmastodon:fh9b-bob\n");
    Run personJson = at("explain", "--person", "fh9b-bob", "--json");
    JsonObject pj = JsonParser.parseString(personJson.out()).getAsJsonObject();
    assertThat(pj.getAsJsonObject("score").get("personId").getAsString()).isEqualTo("fh9b-bob");
    assertThat(pj.getAsJsonArray("accounts")).hasSize(2);

    // The export for a person to read: words and dates, the score as shown, no internal sums.
    Run readable = at("export", "--person", "fh9b-bob", "--readable");
    assertThat(readable.code()).as(readable.all()).isZero();
    assertThat(readable.out())
        .contains("What Sway stores about person fh9b-bob", "x:fh9b-bob", "mastodon:fh9b-bob")
        .containsPattern("score \\d+\\.\\d, higher than \\d+\\.\\d% of scored accounts")
        .containsPattern("interactions received: 2 in all")
        .containsPattern("ids of events received[^\\n]*\\n +events of \\d{4}-\\d\\d-\\d\\d to")
        .doesNotContain("amplificationSum", "epochDay", "E+", "E2");

    // An account linked to a person: watch shows the account's own numbers under its own name.
    Run watch = at("watch", "x:fh9b-bob", "--count", "1");
    assertThat(watch.code()).as(watch.all()).isZero();
    assertThat(watch.out()).contains("x:fh9b-bob (of fh9b-bob)").doesNotContain("person fh9b-bob");
    Run watchPerson = at("watch", "--person", "fh9b-bob", "--count", "1");
    assertThat(watchPerson.out()).contains("person fh9b-bob");

    // top --json carries what the table shows; on a topic's board the overall numbers are
    // labelled as such.
    Run top = at("top", "--json", "-n", "3");
    JsonObject first =
        JsonParser.parseString(top.out())
            .getAsJsonObject()
            .getAsJsonArray("entries")
            .get(0)
            .getAsJsonObject();
    assertThat(first.has("percentile")).isTrue();
    assertThat(first.getAsJsonObject("components").has("amplification")).isTrue();
    Run topic = at("top", "--topic", "jazz", "-n", "3");
    assertThat(topic.out())
        .containsPattern("rank +account +topic +overall +reach")
        .contains("the score on 'jazz' alone");
    Run topicJson = at("top", "--topic", "jazz", "--json", "-n", "3");
    JsonObject onTopic =
        JsonParser.parseString(topicJson.out())
            .getAsJsonObject()
            .getAsJsonArray("entries")
            .get(0)
            .getAsJsonObject();
    assertThat(onTopic.getAsJsonObject("overall").has("components")).isTrue();
    assertThat(onTopic.has("components"))
        .as("no overall components as if they were the topic's")
        .isFalse();
  }

  // 11. --json: every field present, one style, 64-bit integers as numbers.
  @Test
  void jsonHasEveryFieldAndNumbersAsNumbers() throws Exception {
    assertThat(
            at(
                    "ingest",
                    file("eleven.csv", HEADER, share("fh11-1", "x:fh11-fan", "x:fh11-star"))
                        .toString())
                .code())
        .isZero();
    Run score = at("score", "x:fh11-star", "--json");
    JsonObject s = JsonParser.parseString(score.out()).getAsJsonObject();
    assertThat(s.getAsJsonObject("components").get("reach").getAsDouble()).isZero();
    assertThat(s.get("followers").getAsJsonPrimitive().isNumber()).isTrue();
    assertThat(s.get("interactionCount").getAsJsonPrimitive().isNumber()).isTrue();
    assertThat(s.get("interactionCount").getAsLong()).isEqualTo(1);
    assertThat(s.has("personId")).isTrue();
    assertThat(score.out()).contains("\n  \"account\": {");

    Run empty = at("top", "--topic", "fh11-no-such-topic", "--json");
    JsonObject e = JsonParser.parseString(empty.out()).getAsJsonObject();
    assertThat(e.getAsJsonArray("entries")).isEmpty();
    assertThat(e.get("totalSize").getAsJsonPrimitive().isNumber()).isTrue();
    assertThat(e.get("nextPageToken").getAsString()).isEmpty();

    Run top = at("top", "-n", "1", "--json");
    assertThat(top.out()).containsPattern("\"rank\": 1\\b");
    // Each entry carries what the table shows: the percentile and the components of its score.
    JsonObject first =
        JsonParser.parseString(top.out())
            .getAsJsonObject()
            .getAsJsonArray("entries")
            .get(0)
            .getAsJsonObject();
    assertThat(first.get("percentile").getAsJsonPrimitive().isNumber()).isTrue();
    assertThat(first.getAsJsonObject("components").keySet())
        .containsExactly("reach", "amplification", "authority", "activity");

    Path out = dir.resolve("export.json");
    Run export = at("export", "--account", "x:fh11-star", "-o", out.toString());
    assertThat(export.err()).contains("wrote " + out, "1 account(s)");
    String json = Files.readString(out);
    assertThat(json)
        .contains("\n  \"accounts\": [", "\"accountId\": \"fh11-star\"")
        .doesNotContain("account_id");
  }

  // A network in capitals is a typo of the lower-case one: the message names it.
  @Test
  void aNetworkInCapitalsGetsTheLowerCaseOneSuggested() {
    Run r = at("score", "X:user001");
    assertThat(r.code()).isEqualTo(ExitCode.INVALID_ARGUMENT.code);
    assertThat(r.err()).contains("did you mean x:user001?").doesNotContain("[a-z]");
  }

  // Polish: --version on every command.
  @Test
  void everyCommandAnswersVersion() {
    Run v = sway("score", "--version");
    assertThat(v.code()).isZero();
    assertThat(v.out()).startsWith("sway ");
  }
}

package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.Subject;
import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

/**
 * The web page in a real headless Chromium against a real local stack, at a phone's width (390 px)
 * and a laptop's (1,280 px): the score card with the API's numbers, its person and the accounts
 * that influence it as links, the history chart with axes, toggles and values on hover, addresses
 * that survive a reload and hold no key, the live update when an interaction is ingested, the
 * badge, the leaderboard's score column in view, the empty states, and axe-core finding no serious
 * or critical accessibility violation. Screenshots go to target/ (CI keeps them).
 */
class WebPageBrowserTest {
  @RegisterExtension static final LocalStackExtension LOCAL = new LocalStackExtension();

  static WebDriver browser;
  static int ingested;

  @BeforeAll
  static void start() {
    List<Interaction> events = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      events.add(
          EndToEndTest.event(
              "w" + i, InteractionType.INTERACTION_TYPE_SHARE, "wfan" + i, "alice", "ai"));
    }
    // Enough scored accounts for more than one page of ten.
    for (int i = 0; i < 24; i++) {
      events.add(
          EndToEndTest.event(
              "wl" + i, InteractionType.INTERACTION_TYPE_LIKE, "wfan" + (i + 10), "acct" + i));
    }
    LOCAL
        .client()
        .ingest()
        .recordInteractions(
            RecordInteractionsRequest.newBuilder().addAllInteractions(events).build());
    LOCAL
        .client()
        .ingest()
        .linkAccounts(
            dev.sway.v1.LinkAccountsRequest.newBuilder()
                .setPersonId("web-person")
                .addAccounts(EndToEndTest.acct("alice"))
                .addAccounts(EndToEndTest.acct("acct0"))
                .build());
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--window-size=1280,1600");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        T v = probe.get();
        if (v != null && !Boolean.FALSE.equals(v)) {
          return v;
        }
      } catch (RuntimeException notYet) {
        // The page is still loading.
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the page never showed " + what);
  }

  static WebElement id(String id) {
    return browser.findElement(By.id(id));
  }

  static List<WebElement> all(String css) {
    return browser.findElements(By.cssSelector(css));
  }

  static List<WebElement> boardRows() {
    return all("#board tbody tr");
  }

  static Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  static double apiScore(Subject s) {
    return LOCAL
        .client()
        .query()
        .getScore(GetScoreRequest.newBuilder().setSubject(s).build())
        .getScore()
        .getScore();
  }

  static String one(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static JsonArray historyPoints(String path, int days) throws Exception {
    String start = Instant.now().minusSeconds((days - 1) * 86_400L).toString();
    return JsonParser.parseString(
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(
                                LOCAL.stack().httpAddress()
                                    + path
                                    + "/history?start_time="
                                    + URLEncoder.encode(start, StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + LOCAL.stack().apiKey())
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body())
        .getAsJsonObject()
        .getAsJsonArray("points");
  }

  static void open(String fragment) throws InterruptedException {
    browser.get(LOCAL.stack().httpAddress() + "/" + fragment);
  }

  static void shot(String name) throws Exception {
    Path file = Path.of("target", name);
    Files.createDirectories(file.getParent());
    Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  /** axe-core, from the repository's node_modules (npm ci), run on the page as it is now. */
  @SuppressWarnings("unchecked")
  static void noSeriousAccessibilityViolations(String where) throws Exception {
    Path axe = Path.of("..", "node_modules", "axe-core", "axe.min.js");
    assertThat(axe).as("axe-core: run npm ci in the repository's root").exists();
    js(Files.readString(axe));
    Object result =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "axe.run(document, { resultTypes: ['violations'] })"
                    + ".then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact,"
                    + " help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }))))"
                    + ".catch(e => done([{ id: 'axe-failed', impact: 'critical', help: String(e) }]));");
    List<Map<String, Object>> serious = new ArrayList<>();
    for (Map<String, Object> v : (List<Map<String, Object>>) result) {
      if ("serious".equals(v.get("impact")) || "critical".equals(v.get("impact"))) {
        serious.add(v);
      }
    }
    assertThat(serious).as("serious or critical axe violations on " + where).isEmpty();
  }

  @Test
  void theCardAtALaptopsWidth() throws Exception {
    browser.manage().window().setSize(new Dimension(1280, 1600));
    // Handed a key in the fragment: it leaves the address at once, the card gets its own.
    open("#key=" + LOCAL.stack().apiKey() + "&account=x:alice");
    await(
        "the score card",
        () -> id("card").isDisplayed() && id("card-title").getText().equals("x:alice"));
    assertThat(browser.getCurrentUrl())
        .doesNotContain(LOCAL.stack().apiKey())
        .endsWith("#/account/x%3Aalice");

    double api = apiScore(Subject.newBuilder().setAccount(EndToEndTest.acct("alice")).build());
    assertThat(id("card-score").getText()).isEqualTo(one(api));
    assertThat(id("card-percentile").getText()).containsPattern("(Top \\d+ %|Below the median)");
    assertThat(all("#card-components li")).hasSize(4);
    assertThat(all("#card-components .bar span").get(0).getAttribute("style")).contains("width");
    assertThat(id("card-topics").getText()).contains("#ai");
    assertThat(all("#card-topics li .level")).isNotEmpty();
    // One day of history: no score a week back, said so, never a zero.
    await("this week's change", () -> id("card-week").getText().contains("n/a"));
    assertThat(id("deltas").getText()).contains("30 days").contains("n/a");

    // The person it belongs to, as a link.
    WebElement owner = id("card-owner").findElement(By.tagName("a"));
    assertThat(owner.getText()).isEqualTo("web-person");
    assertThat(owner.getAttribute("href")).endsWith("#/person/web-person");

    // Influenced by: its engagers, each a link to its own card.
    await("the influencers", () -> all("#influenced-by a").size() == 6);
    assertThat(all("#influenced-by a").get(0).getAttribute("href")).contains("#/account/x%3Awfan");
    assertThat(id("explanation").getText()).contains("x:alice");

    // The chart: one dot per day the API has for the range, axes with dates and values.
    int days = historyPoints("/v1/accounts/x/alice", 30).size();
    assertThat(days).isPositive();
    await("the chart's points", () -> all("#chart circle.point").size() == days);
    assertThat(all("#chart .axes text").stream().map(WebElement::getText).toList())
        .contains("0", "50", "100")
        .anyMatch(t -> t.matches("[A-Z][a-z]{2} \\d{1,2}"));
    assertThat(all("#chart polyline.line")).hasSize(1);
    browser.findElement(By.cssSelector("#lines input[value='reach']")).click();
    await("the reach line", () -> all("#chart polyline.line.reach").size() == 1);
    new Actions(browser).moveToElement(all("#chart circle.point").get(0)).perform();
    await("the values on hover", () -> id("chart-tip").isDisplayed());
    assertThat(id("chart-tip").getText()).matches("\\d{4}-\\d{2}-\\d{2}: score [0-9.]+, reach .*");
    assertThat(id("history-table").findElements(By.cssSelector("tbody tr"))).hasSize(days);

    // The badge, fetched with the key and shown; its address for embedding holds no key.
    await("the badge", () -> (Boolean) js("return arguments[0].naturalWidth > 0", id("badge")));
    assertThat(id("badge-snippet").getAttribute("textContent"))
        .contains("/v1/badges/accounts/x/alice.svg")
        .doesNotContain(LOCAL.stack().apiKey());

    // Live: an interaction ingested while the card is open shows without a reload.
    await("the live stream", () -> id("card-live").getText().startsWith("Live"));
    String counts = id("card-counts").getText();
    LOCAL
        .client()
        .ingest()
        .recordInteractions(
            RecordInteractionsRequest.newBuilder()
                .addInteractions(
                    EndToEndTest.event(
                        "wlive" + (++ingested),
                        InteractionType.INTERACTION_TYPE_SHARE,
                        "wfanlive" + ingested,
                        "alice",
                        "ai"))
                .build());
    await("the live update", () -> id("card-live").getText().contains("updated just now"));
    assertThat(id("card-counts").getText()).isNotEqualTo(counts);
    // The badge follows too: read again (revalidated, not a cached copy) with the new score.
    await(
        "the badge of the new score",
        () ->
            ((String) js("return decodeURIComponent(arguments[0].src)", id("badge")))
                .contains(">" + id("card-score").getText() + "</text>"));
    shot("web-page-1280.png");
    noSeriousAccessibilityViolations("the account card");

    // A reload keeps the card: the address is the card's, the key is this tab's.
    browser.navigate().refresh();
    await("the card after a reload", () -> id("card-title").getText().equals("x:alice"));

    // The person: its combined score, how it combines, its accounts as links.
    owner = await("the owner link", () -> id("card-owner").findElement(By.tagName("a")));
    owner.click();
    await("the person's card", () -> id("card-title").getText().equals("web-person"));
    assertThat(browser.getCurrentUrl()).endsWith("#/person/web-person");
    double person = apiScore(Subject.newBuilder().setPersonId("web-person").build());
    await("the person's score", () -> id("card-score").getText().equals(one(person)));
    assertThat(id("card-combine").getText()).contains("diminishing returns").contains("best");
    await("its linked accounts", () -> id("card-owner").getText().contains("x:acct0"));
    assertThat(id("card-owner").findElements(By.tagName("a"))).hasSize(2);
    await("the person's chart", () -> !all("#chart circle.point").isEmpty());
    noSeriousAccessibilityViolations("the person card");

    // An account Sway never scored: what to do, no card.
    WebElement lookup = id("lookup");
    lookup.sendKeys("x:nobody", Keys.ENTER);
    await(
        "the unknown account's message",
        () -> id("message").getText().contains("No score for x:nobody"));
    assertThat(id("message").getText()).contains("spelling");
    assertThat(id("card").isDisplayed()).isFalse();

    // A topic's leaderboard has an address of its own.
    open("#/topic/ai");
    await("the topic's board", () -> id("board-title").getText().contains("#ai"));
    await("alice on it", () -> id("board").getText().contains("x:alice"));
  }

  @Test
  void theLeaderboardAtAPhonesWidth() throws Exception {
    browser.manage().window().setSize(new Dimension(390, 844));
    open("#key=" + LOCAL.stack().apiKey());
    open("#/top");
    await("ten leaderboard rows", () -> boardRows().size() == 10);
    assertThat(boardRows().get(0).findElements(By.tagName("td")).get(0).getText()).isEqualTo("1");
    // The score column is on screen, not beyond its right edge.
    long viewport = (Long) js("return document.documentElement.clientWidth");
    WebElement score = boardRows().get(0).findElements(By.tagName("td")).get(2);
    assertThat(score.getRect().getX() + score.getRect().getWidth())
        .isLessThanOrEqualTo((int) viewport);
    assertThat((Long) js("return document.documentElement.scrollWidth"))
        .isLessThanOrEqualTo(viewport);
    shot("web-page-390-leaderboard.png");
    noSeriousAccessibilityViolations("the leaderboard at 390 px");

    // Paging: the next page starts at rank 11, the previous one at rank 1 again.
    id("board-next").click();
    await(
        "page 2",
        () -> boardRows().get(0).findElements(By.tagName("td")).get(0).getText().equals("11"));
    assertThat(id("board-total").getText()).contains("page 2");
    id("board-prev").click();
    await(
        "page 1 again",
        () -> boardRows().get(0).findElements(By.tagName("td")).get(0).getText().equals("1"));

    // The card at this width, opened from the board by keyboard.
    open("#/account/x:alice");
    await("the card", () -> id("card-title").getText().equals("x:alice"));
    await("the chart", () -> !all("#chart circle.point").isEmpty());
    assertThat((Long) js("return document.documentElement.scrollWidth"))
        .isLessThanOrEqualTo(viewport);
    id("chart-box").sendKeys(Keys.ARROW_LEFT);
    await("the tip by keyboard", () -> id("chart-tip").isDisplayed());
    shot("web-page-390-card.png");
    noSeriousAccessibilityViolations("the card at 390 px");

    // Without a key, the page says what to do and keeps the address for afterwards.
    js("sessionStorage.clear()");
    open("#/person/web-person");
    browser.navigate().refresh();
    await("the key form", () -> id("key-section").isDisplayed());
    assertThat(id("message").getText()).contains("API key");
    id("key").sendKeys(LOCAL.stack().apiKey(), Keys.ENTER);
    await("the person after the key", () -> id("card-title").getText().equals("web-person"));
  }
}

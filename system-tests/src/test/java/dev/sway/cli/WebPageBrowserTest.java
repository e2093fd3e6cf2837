package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.RecordInteractionsRequest;
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
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The web page in a real headless Chromium against a real local stack: search → score card with the
 * API's numbers → a chart with one point per day the history has → leaderboard paging → an unknown
 * account's message, all by keyboard where a person would use it.
 */
class WebPageBrowserTest {
  @RegisterExtension static final LocalStackExtension LOCAL = new LocalStackExtension();

  static WebDriver browser;

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
        "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1100,1700");
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

  static List<WebElement> boardRows() {
    return browser.findElements(By.cssSelector("#board tbody tr"));
  }

  @Test
  void searchScoreCardChartLeaderboardPagingAndAnUnknownAccount() throws Exception {
    browser.get(LOCAL.stack().httpAddress() + "/#key=" + LOCAL.stack().apiKey());

    // The leaderboard's first page: ten rows from rank 1.
    await("ten leaderboard rows", () -> boardRows().size() == 10);
    assertThat(boardRows().get(0).findElements(By.tagName("td")).get(0).getText()).isEqualTo("1");

    // Search by keyboard: type the account, press Enter.
    WebElement account = id("account");
    account.sendKeys("alice", Keys.ENTER);
    await(
        "the score card",
        () -> id("card").isDisplayed() && id("card-title").getText().equals("x:alice"));
    double api =
        LOCAL
            .client()
            .query()
            .getScore(GetScoreRequest.newBuilder().setAccount(EndToEndTest.acct("alice")).build())
            .getScore()
            .getScore();
    assertThat(id("card-score").getText()).isEqualTo(String.format(Locale.ROOT, "%.1f", api));
    assertThat(browser.findElements(By.cssSelector("#card-components tbody tr"))).hasSize(4);
    assertThat(id("card-topics").getText()).contains("#ai");
    await(
        "the explanation",
        () -> !browser.findElements(By.cssSelector("#explanation li")).isEmpty());
    assertThat(id("explanation").getText()).contains("x:alice");

    // The chart has one point per day of the history the API gives for the same range.
    String start = Instant.now().minusSeconds(30L * 86_400).toString();
    int days =
        JsonParser.parseString(
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(
                                URI.create(
                                    LOCAL.stack().httpAddress()
                                        + "/v1/accounts/x/alice/history?start_time="
                                        + URLEncoder.encode(start, StandardCharsets.UTF_8)))
                            .header("Authorization", "Bearer " + LOCAL.stack().apiKey())
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body())
            .getAsJsonObject()
            .getAsJsonArray("points")
            .size();
    assertThat(days).isPositive();
    await(
        "the chart's points",
        () -> browser.findElements(By.cssSelector("#chart circle.point")).size() == days);

    // The chart draws the four components under the score.
    assertThat(browser.findElements(By.cssSelector("#chart polyline"))).hasSize(5);

    // A person: its combined score, its linked accounts in place of an explanation.
    WebElement person = id("person");
    person.sendKeys("web-person", Keys.ENTER);
    await("the person's card", () -> id("card-title").getText().equals("person web-person"));
    await("its linked accounts", () -> id("explanation").getText().contains("x:acct0"));
    assertThat(id("explanation").getText()).contains("x:alice");
    await(
        "the person's chart",
        () -> !browser.findElements(By.cssSelector("#chart circle.point")).isEmpty());

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

    // An account Sway never scored: a clear message, no card.
    account.clear();
    account.sendKeys("nobody", Keys.ENTER);
    await(
        "the unknown account's message",
        () -> id("message").getText().contains("No score for x:nobody"));
    assertThat(id("card").isDisplayed()).isFalse();

    Path shot = Path.of("target", "web-page.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}

package dev.sway.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.sway.v1.ListLeaderboardRequest;
import dev.sway.v1.ListLeaderboardResponse;
import dev.sway.v1.Score;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sway top}. */
@Command(name = "top", mixinStandardHelpOptions = true, description = "Show a leaderboard.")
final class TopCommand implements Callable<Integer> {
  @Mixin Targets targets;

  @Mixin ListOptions list;

  @Option(names = "--persons", description = "Rank persons (linked accounts combined).")
  boolean persons;

  @Override
  public Integer call() throws Exception {
    ListLeaderboardRequest req =
        ListLeaderboardRequest.newBuilder()
            .setPageSize(list.limit())
            .setNetwork(list.network())
            .setTopic(list.topic())
            .setPersons(persons)
            .setPageToken(list.pageToken())
            .build();
    try (SwayClient c = targets.client()) {
      ListLeaderboardResponse r = c.query().listLeaderboard(req);
      if (list.json) {
        System.out.println(CliJson.pretty(withDetails(r, Tables.details(c, r.getEntriesList()))));
      } else {
        Tables.leaderboard(System.out, r.getEntriesList(), Tables.details(c, r.getEntriesList()));
        String ranked = persons ? "persons" : "accounts";
        if (r.getEntriesCount() == 0) {
          System.out.printf(
              Locale.ROOT, "no %s ranked here yet (%,d in all)%n", ranked, r.getTotalSize());
        } else {
          System.out.printf(
              Locale.ROOT,
              "ranks %d-%d of %,d %s ranked%n",
              r.getEntries(0).getRank(),
              r.getEntries(r.getEntriesCount() - 1).getRank(),
              r.getTotalSize(),
              ranked);
        }
        ListOptions.nextPage(r.getNextPageToken());
      }
    }
    return 0;
  }

  /**
   * The page as JSON, each entry with the {@code percentile} and {@code components} of its score
   * (what the table shows): a script needs no second call per row. Zeros for an entry whose score
   * went meanwhile, as every field is present.
   */
  static JsonObject withDetails(ListLeaderboardResponse r, Map<String, Score> details) {
    JsonObject page = CliJson.tree(r).getAsJsonObject();
    JsonArray entries = page.getAsJsonArray("entries");
    for (int i = 0; i < r.getEntriesCount(); i++) {
      Score s = details.getOrDefault(Tables.name(r.getEntries(i)), Score.getDefaultInstance());
      JsonObject e = entries.get(i).getAsJsonObject();
      e.addProperty("percentile", s.getPercentile());
      e.add("components", CliJson.tree(s.getComponents()));
    }
    return page;
  }
}

package dev.sway.cli;

import com.google.protobuf.util.JsonFormat;
import dev.sway.v1.ListLeaderboardRequest;
import dev.sway.v1.ListLeaderboardResponse;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sway top}. */
@Command(name = "top", mixinStandardHelpOptions = true, description = "Show a leaderboard.")
final class TopCommand implements Callable<Integer> {
  @Mixin Targets targets;

  @Option(names = "--network", description = "Only this network.")
  String network;

  @Option(names = "--topic", description = "Only this topic.")
  String topic;

  @Option(names = "--persons", description = "Rank persons (linked accounts combined).")
  boolean persons;

  @Option(
      names = {"-n", "--limit"},
      defaultValue = "10",
      description = "Rows (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--page-token", description = "Continue from a previous page.")
  String pageToken;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ListLeaderboardRequest.Builder req = ListLeaderboardRequest.newBuilder().setPageSize(limit);
    if (network != null) {
      req.setNetwork(network);
    }
    if (topic != null) {
      req.setTopic(topic);
    }
    req.setPersons(persons);
    if (pageToken != null) {
      req.setPageToken(pageToken);
    }
    try (SwayClient c = targets.client()) {
      ListLeaderboardResponse r = c.query().listLeaderboard(req.build());
      if (json) {
        System.out.println(JsonFormat.printer().print(r));
      } else {
        Tables.leaderboard(System.out, r.getEntriesList(), Map.of());
        if (!r.getNextPageToken().isEmpty()) {
          System.out.println("next page: --page-token " + r.getNextPageToken());
        }
      }
    }
    return 0;
  }
}

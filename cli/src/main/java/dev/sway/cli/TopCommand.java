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

  @Mixin ListOptions list;

  @Option(names = "--persons", description = "Rank persons (linked accounts combined).")
  boolean persons;

  @Override
  public Integer call() throws Exception {
    ListLeaderboardRequest req =
        ListLeaderboardRequest.newBuilder()
            .setPageSize(list.limit)
            .setNetwork(list.network())
            .setTopic(list.topic())
            .setPersons(persons)
            .setPageToken(list.pageToken())
            .build();
    try (SwayClient c = targets.client()) {
      ListLeaderboardResponse r = c.query().listLeaderboard(req);
      if (list.json) {
        System.out.println(JsonFormat.printer().print(r));
      } else {
        Tables.leaderboard(System.out, r.getEntriesList(), Map.of());
        ListOptions.nextPage(r.getNextPageToken());
      }
    }
    return 0;
  }
}

package dev.sway.cli;

import com.google.protobuf.util.JsonFormat;
import dev.sway.v1.ListMoversRequest;
import dev.sway.v1.ListMoversResponse;
import dev.sway.v1.MoveDirection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sway movers}. */
@Command(
    name = "movers",
    mixinStandardHelpOptions = true,
    description =
        "Show the accounts whose score rose (or fell) the most over 1, 7 or 30 days; a rise"
            + " driven by engagement the anti-gaming rules damp is flagged.")
final class MoversCommand implements Callable<Integer> {
  @Mixin Targets targets;

  @Option(
      names = "--days",
      defaultValue = "7",
      description = "Window: 1, 7 or 30 days (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--down", description = "Fallers instead of risers.")
  boolean down;

  @Option(names = "--network", description = "Only this network.")
  String network;

  @Option(names = "--topic", description = "Only accounts ranked on this topic.")
  String topic;

  @Option(
      names = {"-n", "--limit"},
      defaultValue = "10",
      description = "Rows, 1-100 (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--page-token", description = "Continue from a previous page.")
  String pageToken;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ListMoversRequest.Builder req =
        ListMoversRequest.newBuilder()
            .setWindowDays(days)
            .setPageSize(limit)
            .setDirection(
                down ? MoveDirection.MOVE_DIRECTION_DOWN : MoveDirection.MOVE_DIRECTION_UP);
    if (network != null) {
      req.setNetwork(network);
    }
    if (topic != null) {
      req.setTopic(topic);
    }
    if (pageToken != null) {
      req.setPageToken(pageToken);
    }
    try (SwayClient c = targets.client()) {
      ListMoversResponse r = c.query().listMovers(req.build());
      if (json) {
        System.out.println(JsonFormat.printer().print(r));
        return 0;
      }
      if (r.getMoversCount() == 0) {
        System.out.printf(
            "no account %s over %d days yet (an account needs a score %d days old)%n",
            down ? "fell" : "rose", days, days);
        return 0;
      }
      Tables.movers(System.out, r.getMoversList(), days);
      if (!r.getNextPageToken().isEmpty()) {
        System.out.println("next page: --page-token " + r.getNextPageToken());
      }
    }
    return 0;
  }
}

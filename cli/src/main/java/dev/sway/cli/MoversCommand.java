package dev.sway.cli;

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

  @Mixin ListOptions list;

  @Override
  public Integer call() throws Exception {
    ListMoversRequest req =
        ListMoversRequest.newBuilder()
            .setWindowDays(days)
            .setPageSize(list.limit())
            .setDirection(
                down ? MoveDirection.MOVE_DIRECTION_DOWN : MoveDirection.MOVE_DIRECTION_UP)
            .setNetwork(list.network())
            .setTopic(list.topic())
            .setPageToken(list.pageToken())
            .build();
    try (SwayClient c = targets.client()) {
      ListMoversResponse r = c.query().listMovers(req);
      if (list.json) {
        System.out.println(CliJson.print(r));
        return 0;
      }
      if (r.getMoversCount() == 0) {
        System.out.printf(
            "no account %s over %d days yet (an account needs a score %d days old)%n",
            down ? "fell" : "rose", days, days);
        return 0;
      }
      Tables.movers(System.out, r.getMoversList(), days);
      ListOptions.nextPage(r.getNextPageToken());
    }
    return 0;
  }
}

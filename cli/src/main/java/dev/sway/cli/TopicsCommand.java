package dev.sway.cli;

import dev.sway.v1.ListTopicsRequest;
import dev.sway.v1.ListTopicsResponse;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sway topics}. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = "List topics by scored activity.")
final class TopicsCommand implements Callable<Integer> {
  @Mixin Targets targets;

  @Option(
      names = {"-n", "--limit"},
      defaultValue = "20",
      description = "Rows (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--page-token", description = "Continue from a previous page.")
  String pageToken;

  @Option(names = "--json", description = "Print JSON (docs/cli.md).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ListTopicsRequest.Builder req =
        ListTopicsRequest.newBuilder().setPageSize(ListOptions.checkLimit(limit));
    if (pageToken != null) {
      req.setPageToken(pageToken);
    }
    try (SwayClient c = targets.client()) {
      ListTopicsResponse r = c.query().listTopics(req.build());
      if (json) {
        System.out.println(CliJson.print(r));
        return 0;
      }
      System.out.printf("%-24s %12s %9s%n", "topic", "interactions", "accounts");
      r.getTopicsList()
          .forEach(
              t ->
                  System.out.printf(
                      Locale.ROOT,
                      "%-24s %12d %9d%n",
                      t.getTopic(),
                      t.getInteractionCount(),
                      t.getAccountCount()));
      if (!r.getNextPageToken().isEmpty()) {
        System.out.println("next page: --page-token " + r.getNextPageToken());
      }
    }
    return 0;
  }
}

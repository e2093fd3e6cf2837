package dev.sway.cli;

import dev.sway.v1.ExplainScoreRequest;
import dev.sway.v1.ExplainScoreResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sway explain NETWORK:ACCOUNT}. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description =
        "Explain a score: its components, who it comes from, its topics, and what moved it this week.")
final class ExplainCommand implements Callable<Integer> {
  @Mixin Targets targets;

  @Parameters(paramLabel = "NETWORK:ACCOUNT")
  String account;

  @Option(
      names = "--top",
      defaultValue = "5",
      description = "Engagers and topics to list (default ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--json", description = "Print JSON (docs/cli.md).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try (SwayClient c = targets.client()) {
      ExplainScoreResponse r =
          c.query()
              .explainScore(
                  ExplainScoreRequest.newBuilder()
                      .setAccount(ScoreCommand.parseAccount(account))
                      .setTopN(top)
                      .build());
      if (json) {
        System.out.println(CliJson.print(r));
      } else {
        r.getSummaryList().forEach(System.out::println);
      }
    }
    return 0;
  }
}

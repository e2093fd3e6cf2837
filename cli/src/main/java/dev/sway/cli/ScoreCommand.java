package dev.sway.cli;

import com.google.protobuf.util.JsonFormat;
import dev.sway.v1.AccountRef;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.Score;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sway score NETWORK:ACCOUNT}. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = "Show the score of an account. Exit code 4 when it has none.")
final class ScoreCommand implements Callable<Integer> {
  @Mixin Targets targets;

  @Parameters(paramLabel = "NETWORK:ACCOUNT", description = "The account, for example x:alice.")
  String account;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    AccountRef ref = parseAccount(account);
    try (SwayClient c = targets.client()) {
      Score s = c.query().getScore(GetScoreRequest.newBuilder().setAccount(ref).build()).getScore();
      if (json) {
        System.out.println(JsonFormat.printer().print(s));
      } else {
        Tables.score(System.out, s);
      }
    }
    return 0;
  }

  static AccountRef parseAccount(String s) {
    int colon = s.indexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException(
          "account must be NETWORK:ACCOUNT_ID, for example x:alice; got '" + s + "'");
    }
    return AccountRef.newBuilder()
        .setNetwork(s.substring(0, colon))
        .setAccountId(s.substring(colon + 1))
        .build();
  }
}

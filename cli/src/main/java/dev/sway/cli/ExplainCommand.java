package dev.sway.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.sway.v1.AccountRef;
import dev.sway.v1.ExplainScoreRequest;
import dev.sway.v1.ExplainScoreResponse;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.NetworkScore;
import dev.sway.v1.Score;
import dev.sway.v1.Subject;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sway explain NETWORK:ACCOUNT} and {@code sway explain --person P}. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description =
        "Explain a score: its components, who it comes from, its topics, and what moved it this"
            + " week; for a person, how its accounts combine, then each account's explanation.")
final class ExplainCommand implements Callable<Integer> {
  @Mixin Targets targets;

  @Parameters(paramLabel = "NETWORK:ACCOUNT", arity = "0..1")
  String account;

  @Option(names = "--person", paramLabel = "P", description = "Explain a person's score.")
  String person;

  @Option(
      names = "--top",
      defaultValue = "5",
      description = "Engagers and topics to list (default ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--json", description = "Print JSON (docs/cli.md).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if ((account == null) == (person == null)) {
      throw CliException.invalid("give an account (x:alice) or --person P, not both");
    }
    try (SwayClient c = targets.client()) {
      if (person != null) {
        return explainPerson(c);
      }
      ExplainScoreResponse r = explain(c, ScoreCommand.parseAccount(account));
      if (json) {
        System.out.println(CliJson.print(r));
      } else {
        r.getSummaryList().forEach(System.out::println);
      }
    }
    return 0;
  }

  private ExplainScoreResponse explain(SwayClient c, AccountRef a) {
    return c.query()
        .explainScore(ExplainScoreRequest.newBuilder().setAccount(a).setTopN(top).build());
  }

  /**
   * A person's score is made of its accounts': how they combine (the best account per network,
   * networks added with diminishing returns, topics the best of any account), then each scored
   * account's own explanation. JSON: {@code {"score": Score, "accounts": [ExplainScoreResponse]}}.
   */
  private int explainPerson(SwayClient c) {
    Score s =
        c.query()
            .getScore(
                GetScoreRequest.newBuilder()
                    .setSubject(Subject.newBuilder().setPersonId(person))
                    .build())
            .getScore();
    List<ExplainScoreResponse> accounts = new ArrayList<>();
    for (AccountRef a : s.getLinkedAccountsList()) {
      try {
        accounts.add(explain(c, a));
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
          throw e;
        }
        // A linked account with no score yet adds nothing to the person's.
      }
    }
    if (json) {
      JsonObject o = new JsonObject();
      o.add("score", CliJson.tree(s));
      JsonArray list = new JsonArray();
      accounts.forEach(x -> list.add(CliJson.tree(x)));
      o.add("accounts", list);
      System.out.println(CliJson.pretty(o));
      return 0;
    }
    List<String> networks = new ArrayList<>();
    for (NetworkScore n : s.getNetworkScoresList()) {
      networks.add(String.format(Locale.ROOT, "%s %.1f", n.getNetwork(), n.getScore()));
    }
    System.out.printf(
        Locale.ROOT,
        "person %s scores %.1f out of 100, higher than %.1f%% of scored accounts.%n",
        person,
        s.getScore(),
        Math.floor(s.getPercentile() * 10) / 10);
    System.out.printf(
        Locale.ROOT,
        "It combines %d linked account(s): on each network its best account counts (%s); networks"
            + " add up with diminishing returns, and never lower the score; each topic takes the"
            + " best of its accounts.%n",
        s.getLinkedAccountsCount(),
        String.join(", ", networks));
    for (ExplainScoreResponse r : accounts) {
      AccountRef a = r.getScore().getAccount();
      System.out.printf("%n%s:%s%n", a.getNetwork(), a.getAccountId());
      r.getSummaryList().forEach(line -> System.out.println("  " + line));
    }
    return 0;
  }
}

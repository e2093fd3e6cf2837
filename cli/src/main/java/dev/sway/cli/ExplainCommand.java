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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sway explain NETWORK:ACCOUNT} or {@code sway explain --person P}. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description =
        "Explain a score: its components, who it comes from, its topics, and what moved it this"
            + " week; for a person, how its accounts combine and each account's explanation.")
final class ExplainCommand implements Callable<Integer> {
  @Mixin Targets targets;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "NETWORK:ACCOUNT", arity = "0..1")
  String account;

  @Option(
      names = "--person",
      paramLabel = "PERSON",
      description = "A person created with 'sway link'.")
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
    Subject subject = ScoreCommand.subject(spec, account, person);
    try (SwayClient c = targets.client()) {
      if (subject.hasAccount()) {
        ExplainScoreResponse r = explain(c, subject.getAccount());
        if (json) {
          System.out.println(CliJson.print(r));
        } else {
          r.getSummaryList().forEach(System.out::println);
        }
      } else {
        explainPerson(c, subject);
      }
    }
    return 0;
  }

  private ExplainScoreResponse explain(SwayClient c, AccountRef a) {
    return c.query()
        .explainScore(ExplainScoreRequest.newBuilder().setAccount(a).setTopN(top).build());
  }

  /**
   * A person's score is made by the query service from its accounts' (the best account of each
   * network, combined with diminishing returns; topics the maximum): the person's numbers, how they
   * combine, then each linked account explained as on its own.
   */
  private void explainPerson(SwayClient c, Subject subject) {
    Score s =
        c.query().getScore(GetScoreRequest.newBuilder().setSubject(subject).build()).getScore();
    List<ExplainScoreResponse> accounts = new ArrayList<>();
    for (AccountRef a : s.getLinkedAccountsList()) {
      try {
        accounts.add(explain(c, a));
      } catch (io.grpc.StatusRuntimeException e) {
        if (e.getStatus().getCode() != io.grpc.Status.Code.NOT_FOUND) {
          throw e;
        }
        // A linked account with no score yet: the person's numbers leave it out too.
      }
    }
    if (json) {
      JsonObject o = new JsonObject();
      o.add("score", CliJson.tree(s));
      JsonArray list = new JsonArray();
      accounts.forEach(r -> list.add(CliJson.tree(r)));
      o.add("accounts", list);
      System.out.println(CliJson.pretty(o));
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "person %s: %.1f, higher than %.1f%% of scored persons and accounts, from %d linked"
            + " account%s%n",
        s.getPersonId(),
        s.getScore(),
        s.getPercentile(),
        s.getLinkedAccountsCount(),
        s.getLinkedAccountsCount() == 1 ? "" : "s");
    List<NetworkScore> networks = new ArrayList<>(s.getNetworkScoresList());
    networks.sort(Comparator.comparingDouble(NetworkScore::getScore).reversed());
    String[] weight = {"in full", "half", "a quarter", "an eighth"};
    for (int i = 0; i < networks.size(); i++) {
      System.out.printf(
          Locale.ROOT,
          "  %-10s %5.1f  counts %s%n",
          networks.get(i).getNetwork(),
          networks.get(i).getScore(),
          i < weight.length ? weight[i] : "1/" + (1L << i));
    }
    System.out.println(
        "How they combine: the best account of each network counts; the strongest network in full,"
            + " the next half, the next a quarter (adding a network never lowers a person's"
            + " score). A topic's score is the highest of the accounts'.");
    for (ExplainScoreResponse r : accounts) {
      AccountRef a = r.getScore().getAccount();
      System.out.printf("%n%s:%s%n", a.getNetwork(), a.getAccountId());
      r.getSummaryList().forEach(line -> System.out.println("  " + line));
    }
  }
}

package dev.sway.cli;

import dev.sway.collectors.HandleResolver;
import dev.sway.v1.AccountRef;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.Score;
import dev.sway.v1.Subject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sway score NETWORK:ACCOUNT} or {@code sway score --person P}. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description =
        "Show the score of an account, or of a person (its linked accounts combined)."
            + " Exit code 4 when it has none.")
final class ScoreCommand implements Callable<Integer> {
  @Mixin Targets targets;

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "NETWORK:ACCOUNT",
      arity = "0..1",
      description = "The account, for example x:alice.")
  String account;

  @Option(
      names = "--person",
      paramLabel = "PERSON",
      description = "A person created with 'sway link'.")
  String person;

  @Option(names = "--json", description = "Print JSON (docs/cli.md) instead of text.")
  boolean json;

  @Option(
      names = "--bluesky-appview",
      paramLabel = "URL",
      defaultValue = "${env:SWAY_BLUESKY_APPVIEW:-https://public.api.bsky.app}",
      description =
          "Where a Bluesky handle (bluesky:alice.bsky.social) is resolved to the DID Sway stores"
              + " (env SWAY_BLUESKY_APPVIEW, default ${DEFAULT-VALUE}).")
  String blueskyAppView;

  @Override
  public Integer call() throws Exception {
    Subject subject = subject(spec, account, person);
    if (subject.hasAccount()
        && subject.getAccount().getNetwork().equals("bluesky")
        && HandleResolver.isHandle(subject.getAccount().getAccountId())) {
      subject = Subject.newBuilder().setAccount(resolve(subject.getAccount())).build();
    }
    try (SwayClient c = targets.client()) {
      Score s =
          c.query().getScore(GetScoreRequest.newBuilder().setSubject(subject).build()).getScore();
      if (json) {
        System.out.println(CliJson.print(s));
      } else {
        Tables.score(System.out, s);
      }
    }
    return 0;
  }

  /** Bluesky accounts are stored by DID: a handle is resolved first, through the AppView. */
  private AccountRef resolve(AccountRef handle) throws InterruptedException {
    try {
      String did =
          new HandleResolver(blueskyAppView, targets.deadlineMs).resolve(handle.getAccountId());
      System.err.println(handle.getAccountId() + " is " + did);
      return handle.toBuilder().setAccountId(did).build();
    } catch (HandleResolver.UnknownHandle e) {
      throw new CliException(ExitCode.NOT_FOUND, e.getMessage());
    } catch (java.io.IOException e) {
      throw new CliException(
          ExitCode.UNAVAILABLE,
          "cannot resolve the handle "
              + handle.getAccountId()
              + " at "
              + blueskyAppView
              + " ("
              + e.getMessage()
              + "); give the DID (bluesky:did:plc:…) or another --bluesky-appview");
    }
  }

  /** The account or the person a command is about; exactly one must be given. */
  static Subject subject(CommandSpec spec, String account, String person) {
    if ((account == null) == (person == null)) {
      throw new ParameterException(spec.commandLine(), "give NETWORK:ACCOUNT or --person PERSON");
    }
    return person != null
        ? Subject.newBuilder().setPersonId(person).build()
        : Subject.newBuilder().setAccount(parseAccount(account)).build();
  }

  static AccountRef parseAccount(String s) {
    int colon = s.indexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw CliException.invalid(
          "an account is NETWORK:ACCOUNT_ID, for example x:alice; got '" + s + "'");
    }
    String network = s.substring(0, colon);
    String lower = network.toLowerCase(java.util.Locale.ROOT);
    if (!network.equals(lower) && lower.matches("[a-z][a-z0-9_.-]{0,31}")) {
      // Networks are lower-case names: say which one was meant rather than the API's pattern.
      throw CliException.invalid(
          "networks are lower-case: did you mean "
              + lower
              + s.substring(colon)
              + "? (got '"
              + s
              + "')");
    }
    return AccountRef.newBuilder().setNetwork(network).setAccountId(s.substring(colon + 1)).build();
  }
}

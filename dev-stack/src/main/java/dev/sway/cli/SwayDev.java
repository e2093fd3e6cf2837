package dev.sway.cli;

import dev.sway.cli.bench.BenchCommand;
import picocli.CommandLine;

/**
 * The {@code sway} command of a development checkout (what the repository's {@code sway} launcher
 * runs): the thin client's commands, plus those that start the services in this process — {@code
 * up}, {@code demo}, {@code bench} and {@code eval}.
 */
public final class SwayDev {
  private SwayDev() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (for tests). */
  public static int run(String... args) {
    SwayCli.quietLogs();
    CommandLine cli = SwayCli.commandLine(new SwayCli());
    cli.addSubcommand(new UpCommand());
    cli.addSubcommand(new DemoCommand());
    cli.addSubcommand(new EvalCommand());
    cli.addSubcommand(new BenchCommand());
    return SwayCli.finish(cli).execute(args);
  }
}

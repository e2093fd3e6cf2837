package dev.sway.cli;

import dev.sway.collectors.BlueskyNetwork;
import dev.sway.collectors.CollectorConfig;
import dev.sway.collectors.CollectorProcess;
import dev.sway.collectors.GrpcIngestSink;
import dev.sway.collectors.IngestSink;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sway connect bluesky|mastodon}: a live collector writing through the ingest API. */
@Command(
    name = "connect",
    mixinStandardHelpOptions = true,
    description =
        "Read a network live and write what happens through the ingest API (an API key of scope"
            + " ingest:write). Runs until Ctrl-C; docs/collectors.md tells what is mapped.",
    subcommands = {ConnectCommand.Bluesky.class, ConnectCommand.Mastodon.class})
public final class ConnectCommand implements Runnable {
  @Override
  public void run() {
    throw CliException.invalid("say which network: sway connect bluesky | sway connect mastodon");
  }

  /** Options every network shares. */
  static final class Common {
    @Mixin Targets targets;

    @Option(
        names = "--cursor-file",
        paramLabel = "FILE",
        description = "Where the stream position is kept, to resume after a restart.")
    Path cursorFile;

    @Option(
        names = "--batch",
        defaultValue = "500",
        description = "Interactions per ingest call (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(
        names = "--duration-s",
        defaultValue = "0",
        description = "Stop after this many seconds (default: run until Ctrl-C).")
    long durationS;

    @Option(
        names = "--status-every-s",
        defaultValue = "10",
        description = "Seconds between status lines on stderr (default ${DEFAULT-VALUE}).")
    long statusEveryS;

    int run(String network, Function<IngestSink, CollectorProcess> make) throws Exception {
      Targets.check("--ingest", targets.ingest);
      if (batch < 1 || batch > 10_000) {
        throw CliException.invalid("--batch must be between 1 and 10000; got " + batch);
      }
      ChannelCredentials creds =
          targets.tlsCa == null || targets.tlsCa.isEmpty()
              ? InsecureChannelCredentials.create()
              : TlsChannelCredentials.newBuilder().trustManager(new File(targets.tlsCa)).build();
      IngestSink sink =
          new GrpcIngestSink(targets.ingest, creds, targets.apiKey, targets.deadlineMs);
      CollectorProcess p = make.apply(sink);
      CountDownLatch done = new CountDownLatch(1);
      Thread hook = new Thread(() -> stop(p, done));
      Runtime.getRuntime().addShutdownHook(hook);
      p.start();
      System.err.println(
          "collecting "
              + network
              + " into "
              + targets.ingest
              + (cursorFile == null ? "" : " (position kept in " + cursorFile + ")")
              + "; Ctrl-C stops");
      long endNanos =
          durationS > 0 ? System.nanoTime() + durationS * 1_000_000_000L : Long.MAX_VALUE;
      while (!done.await(Math.max(1, statusEveryS) * 1000, TimeUnit.MILLISECONDS)) {
        System.err.println(status(p));
        if (System.nanoTime() >= endNanos) {
          break;
        }
      }
      stop(p, done);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook is running.
      }
      System.out.println(status(p));
      return 0;
    }

    private static synchronized void stop(CollectorProcess p, CountDownLatch done) {
      if (done.getCount() > 0) {
        p.close();
        done.countDown();
      }
    }

    static String status(CollectorProcess p) {
      var m = p.metrics();
      double lag = Double.NaN;
      var g = m.registry().find("sway.collector.lag.seconds").gauge();
      if (g != null) {
        lag = g.value();
      }
      return String.format(
          Locale.ROOT,
          "received %,d  accepted %,.0f  duplicate %,.0f  snapshots %,.0f  profile backlog %,d  lag %s",
          p.collector().received(),
          m.count("sway.collector.acknowledged", "outcome", "accepted"),
          m.count("sway.collector.acknowledged", "outcome", "duplicate"),
          m.count("sway.collector.acknowledged", "outcome", "snapshot"),
          p.profileBacklog(),
          Double.isNaN(lag) ? "-" : String.format(Locale.ROOT, "%.1f s", lag));
    }
  }

  @Command(
      name = "bluesky",
      mixinStandardHelpOptions = true,
      description =
          "Bluesky through Jetstream (likes, reposts, replies, quotes, mentions, hashtags) and"
              + " the AppView (followers, follows, posts of the accounts seen, 25 a call).")
  static final class Bluesky implements Callable<Integer> {
    @Mixin Common common;

    @Option(
        names = "--jetstream",
        defaultValue = BlueskyNetwork.DEFAULT_JETSTREAM,
        description = "Jetstream /subscribe URL (default ${DEFAULT-VALUE}).")
    String jetstream;

    @Option(
        names = "--appview",
        defaultValue = "https://public.api.bsky.app",
        description = "AppView for profiles (default ${DEFAULT-VALUE}; 'none': no profiles).")
    String appView;

    @Option(
        names = "--profile-calls-per-second",
        defaultValue = "2",
        description = "getProfiles calls per second, 25 accounts each (default ${DEFAULT-VALUE}).")
    double profileCallsPerSecond;

    @Override
    public Integer call() throws Exception {
      if (common.cursorFile == null) {
        common.cursorFile = Path.of("sway-bluesky.cursor");
      }
      if (!jetstream.startsWith("ws://") && !jetstream.startsWith("wss://")) {
        throw CliException.invalid("--jetstream takes a ws:// or wss:// URL; got " + jetstream);
      }
      if (profileCallsPerSecond <= 0) {
        throw CliException.invalid("--profile-calls-per-second must be positive");
      }
      CollectorProcess.Profiles profiles =
          "none".equals(appView)
              ? null
              : new CollectorProcess.Profiles(
                  appView,
                  profileCallsPerSecond,
                  CollectorProcess.Profiles.defaults(appView).refreshAfterMs(),
                  100_000);
      return common.run(
          "bluesky",
          sink ->
              CollectorProcess.bluesky(
                  jetstream,
                  profiles,
                  sink,
                  config(common),
                  new SimpleMeterRegistry(),
                  Clock.systemUTC()));
    }
  }

  @Command(
      name = "mastodon",
      mixinStandardHelpOptions = true,
      description =
          "Mastodon through the streaming API: reblogs, replies, mentions, hashtags, and the"
              + " authors' counters. Favourites are not in the stream.")
  static final class Mastodon implements Callable<Integer> {
    @Mixin Common common;

    @Option(
        names = "--instance",
        required = true,
        paramLabel = "URL",
        description = "The instance, e.g. https://mastodon.social.")
    String instance;

    @Option(
        names = "--token-file",
        paramLabel = "FILE",
        description =
            "File holding an access token (instances may stream public timelines only"
                + " to logged-in clients).")
    Path tokenFile;

    @Option(
        names = "--stream",
        defaultValue = "public",
        description = "public or public:local (default ${DEFAULT-VALUE}).")
    String stream;

    @Option(
        names = "--streaming-url",
        paramLabel = "URL",
        description =
            "Streaming endpoint when not on the instance's host (wss://…/api/v1/streaming).")
    String streamingUrl;

    @Override
    public Integer call() throws Exception {
      String token = null;
      if (tokenFile != null) {
        try {
          token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
          throw CliException.invalid(
              "--token-file: cannot read " + tokenFile + ": " + e.getMessage());
        }
      }
      if (!instance.startsWith("http://") && !instance.startsWith("https://")) {
        throw CliException.invalid("--instance takes a URL such as https://mastodon.social");
      }
      String t = token;
      try {
        return common.run(
            "mastodon",
            sink ->
                CollectorProcess.mastodon(
                    instance,
                    streamingUrl,
                    stream,
                    t,
                    sink,
                    config(common),
                    new SimpleMeterRegistry(),
                    Clock.systemUTC()));
      } catch (IllegalArgumentException e) {
        throw CliException.invalid(e.getMessage());
      }
    }
  }

  private static CollectorConfig config(Common c) {
    CollectorConfig d = CollectorConfig.defaults(c.cursorFile);
    return new CollectorConfig(
        c.cursorFile,
        c.batch,
        d.lingerMs(),
        d.queueCapacity(),
        d.maxMessageChars(),
        c.targets.deadlineMs,
        d.idleTimeoutMs(),
        d.backoffInitialMs(),
        d.backoffMaxMs());
  }
}

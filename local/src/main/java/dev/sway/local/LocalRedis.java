package dev.sway.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis server for local runs and tests, on loopback and a free port.
 *
 * <p>It runs {@code redis-server} from {@code PATH} when there is one, else the Redis binary
 * shipped inside the {@code embedded-redis} jar (extracted once to a cache folder). Nothing is
 * persisted unless {@link Options#appendOnly} asks for it.
 */
public final class LocalRedis implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path dir;
  private final String binary;
  private final boolean ownsDir;
  private final String password;

  private LocalRedis(
      Process process, int port, Path dir, String binary, boolean ownsDir, String password) {
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.binary = binary;
    this.ownsDir = ownsDir;
    this.password = password;
  }

  /**
   * How to start the server; {@code password} turns on AUTH for the default user; {@code cluster}
   * starts it as a Redis Cluster node (see {@link LocalRedisCluster}).
   */
  public record Options(int port, boolean appendOnly, Path dir, String password, boolean cluster) {
    public static Options defaults() {
      return new Options(0, false, null, null, false);
    }

    public Options withPort(int p) {
      return new Options(p, appendOnly, dir, password, cluster);
    }

    public Options withAppendOnly(boolean aof, Path d) {
      return new Options(port, aof, d, password, cluster);
    }

    public Options withPassword(String pw) {
      return new Options(port, appendOnly, dir, pw, cluster);
    }

    public Options withCluster(boolean c) {
      return new Options(port, appendOnly, dir, password, c);
    }
  }

  public static LocalRedis start() throws IOException {
    return start(Options.defaults());
  }

  public static LocalRedis start(Options options) throws IOException {
    String binary = findBinary();
    int port = options.port() > 0 ? options.port() : freePort();
    Path dir = options.dir() != null ? options.dir() : Files.createTempDirectory("sway-redis-");
    Files.createDirectories(dir);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                binary,
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--dir",
                dir.toString(),
                "--appendonly",
                options.appendOnly() ? "yes" : "no",
                "--daemonize",
                "no",
                "--loglevel",
                "warning",
                // De-duplication ids are 64-bit integers: keep sets of them compact (8 bytes an id)
                // up to
                // a popular account's month, as deploy/redis/redis.conf recommends.
                "--set-max-intset-entries",
                "8192"));
    if (options.appendOnly()) {
      cmd.addAll(List.of("--appendfsync", "everysec"));
    }
    if (majorVersion(binary) >= 7) {
      // DEBUG (SLEEP, to stall the server in tests) from this machine only; Redis 7 turns it off
      // by default, Redis 6 has no such setting and allows it.
      cmd.addAll(List.of("--enable-debug-command", "local"));
    }
    if (options.password() != null) {
      cmd.addAll(List.of("--requirepass", options.password()));
    }
    if (options.cluster()) {
      // A node fails over 2 s after its master stops answering: quick enough for tests, slow
      // enough not to flap on a busy 2-core machine.
      cmd.addAll(
          List.of(
              "--cluster-enabled",
              "yes",
              "--cluster-config-file",
              "nodes.conf",
              "--cluster-node-timeout",
              "2000"));
    }
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile());
    Process process = pb.start();
    LocalRedis redis =
        new LocalRedis(process, port, dir, binary, options.dir() == null, options.password());
    redis.awaitReady(TimeUnit.SECONDS.toMillis(20));
    return redis;
  }

  public int port() {
    return port;
  }

  /** The URI to connect with, including the password when AUTH is on. */
  public String uri() {
    return password == null
        ? "redis://127.0.0.1:" + port
        : "redis://:" + password + "@127.0.0.1:" + port;
  }

  /** The server binary in use. */
  public String binary() {
    return binary;
  }

  public Path dir() {
    return dir;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Sends one inline command and returns the raw reply; for tools that need no client. */
  public String command(String inline) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      byte[] buf = new byte[8192];
      int n = s.getInputStream().read(buf);
      String first = n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);
      // A bulk reply longer than one read (CLUSTER NODES): read up to its announced length.
      if (first.startsWith("$")) {
        int eol = first.indexOf("\r\n");
        int len = Integer.parseInt(first.substring(1, eol));
        StringBuilder all = new StringBuilder(first);
        while (len >= 0
            && all.length() < eol + 2 + len + 2
            && (n = s.getInputStream().read(buf)) > 0) {
          all.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return all.toString();
      }
      return first;
    }
  }

  private void awaitReady(long timeoutMs) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    IOException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "redis-server exited with "
                + process.exitValue()
                + "; see "
                + dir.resolve("redis.log"));
      }
      try {
        String reply = command("PING");
        // With AUTH on, an unauthenticated PING answers NOAUTH: the server is up all the same.
        if (reply.startsWith("+PONG") || reply.startsWith("-NOAUTH")) {
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for Redis", e);
      }
    }
    close();
    throw new IOException("Redis did not answer PING on port " + port, last);
  }

  /** Kills the server at once, like a crash (SIGKILL). */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the server (SIGTERM; Redis exits cleanly and flushes its AOF when on). */
  public void stop() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the server and removes its folder when this object created it. */
  @Override
  public void close() {
    stop();
    if (ownsDir) {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // A leftover temporary folder is harmless.
      }
    }
  }

  /** Finds {@code redis-server}: on PATH first, else the embedded binary. */
  /** The server's major version from {@code redis-server --version} ("v=7.0.15"), 0 if unknown. */
  static int majorVersion(String binary) {
    try {
      Process p = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("v=(\\d+)\\.").matcher(out);
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  static String findBinary() throws IOException {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(File.pathSeparator)) {
        File f = new File(d, "redis-server");
        if (f.isFile() && f.canExecute()) {
          return f.getAbsolutePath();
        }
      }
    }
    return extractEmbedded().toString();
  }

  private static Path extractEmbedded() throws IOException {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String resource;
    if (os.contains("linux")) {
      resource =
          arch.contains("aarch64") || arch.contains("arm64")
              ? "redis-server-6.2.7-linux-arm64"
              : "redis-server-6.2.6-v5-linux-amd64";
    } else if (os.contains("mac")) {
      resource =
          arch.contains("aarch64") || arch.contains("arm64")
              ? "redis-server-6.2.6-v5-darwin-arm64"
              : "redis-server-6.2.6-v5-darwin-amd64";
    } else {
      throw new IOException(
          "no embedded Redis for " + os + "/" + arch + "; put redis-server on PATH");
    }
    Path cache = Path.of(System.getProperty("java.io.tmpdir"), "sway-redis-bin");
    Files.createDirectories(cache);
    Path target = cache.resolve(resource);
    if (Files.isExecutable(target)) {
      return target;
    }
    try (InputStream in = LocalRedis.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("embedded Redis binary " + resource + " not found on the class path");
      }
      Path tmp = Files.createTempFile(cache, resource, ".tmp");
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      if (!tmp.toFile().setExecutable(true)) {
        throw new IOException("cannot make " + tmp + " executable");
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    return target;
  }

  /** A port that was free a moment ago. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}

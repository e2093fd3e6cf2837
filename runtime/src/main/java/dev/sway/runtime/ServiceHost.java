package dev.sway.runtime;

import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one Sway gRPC server the same way in every service: a bounded handler executor behind an
 * in-flight limiter, {@code grpc.health.v1} health, reflection v1, a Prometheus endpoint and an
 * orderly shutdown.
 *
 * <p>Shutdown order: health goes NOT_SERVING (load balancers stop sending), the server stops
 * accepting calls and waits up to {@code drainMs} for in-flight ones, then the resources registered
 * with {@link Builder#closeOnShutdown} (Redis connections, channels) are closed in reverse order of
 * registration.
 */
public final class ServiceHost implements AutoCloseable {
  private static final Logger log = Logger.getLogger(ServiceHost.class.getName());

  private final ServerConfig config;
  private final Server server;

  /** Plaintext health-only server for probes that cannot speak TLS, or null. */
  private final Server healthServer;

  private final int healthPortSetting;

  private final HealthStatusManager health;
  private final List<String> serviceNames;
  private final ThreadPoolExecutor executor;

  /** Open health Watch streams at most, over both the API port and the health port. */
  public static final int MAX_WATCH_STREAMS = 64;

  private final WatchLimiter watchLimiter = new WatchLimiter(MAX_WATCH_STREAMS);

  /** Runs the idle-call checks of the in-flight limiter (tiny tasks). */
  private final ScheduledExecutorService idleTimer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "idle-call-timer");
            t.setDaemon(true);
            return t;
          });

  private final PrometheusMeterRegistry registry;
  private final Deque<AutoCloseable> closeables;

  /** The same services in process, for the HTTP/JSON gateway; null without one. */
  private final Server inProcess;

  private final String inProcessName;
  private final int httpPort;
  private final long httpDeadlineMs;
  private final HttpLimits httpLimits;
  private final AuthInterceptor httpAuth;
  private final String httpFiles;
  private final java.util.function.Consumer<HttpJsonGateway> httpPages;
  private final List<ServiceDescriptor> httpServices;
  private HttpJsonGateway gateway;
  private ManagedChannel gatewayChannel;
  private MetricsEndpoint metrics;
  private volatile boolean closed;

  private ServiceHost(Builder b) {
    this.config = b.config;
    this.registry = b.registry;
    this.closeables = new ArrayDeque<>(b.closeables);
    this.health = new HealthStatusManager();
    AtomicInteger n = new AtomicInteger();
    // Bounded on purpose: the in-flight limiter keeps the queue short, and a full queue must
    // never turn into unbounded memory.
    this.executor =
        new ThreadPoolExecutor(
            config.executorThreads(),
            config.executorThreads(),
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(Math.max(64, config.maxInflightCalls() * 4)),
            r -> {
              Thread t = new Thread(r, config.name() + "-grpc-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    ServerCredentials creds =
        b.credentials != null ? b.credentials : InsecureServerCredentials.create();
    ServerBuilder<?> sb =
        NettyServerBuilder.forAddress(
            new InetSocketAddress(config.bindAddress(), config.grpcPort()), creds);
    if (b.nonBlocking) {
      // Handlers that never block run on the transport threads: no hand-off per call, which
      // is most of the cost of a small unary call (health and reflection never block either).
      sb.directExecutor();
    } else {
      sb.executor(executor);
    }
    sb.maxInboundMessageSize(config.maxMessageBytes())
        // Clients re-resolve DNS when a connection ages out, so new replicas get traffic.
        .maxConnectionAge(30, TimeUnit.MINUTES)
        .maxConnectionAgeGrace(30, TimeUnit.SECONDS)
        .addService(ServerInterceptors.intercept(health.getHealthService(), watchLimiter))
        .addService(ProtoReflectionServiceV1.newInstance());
    List<String> names = new ArrayList<>();
    List<ServerInterceptor> interceptors = new ArrayList<>(b.interceptors);
    interceptors.add(GrpcMetrics.serverInterceptor(registry));
    interceptors.add(
        new InflightLimiter(
            config.maxInflightCalls(),
            config.maxInflightPerCaller(),
            config.callIdleMs(),
            idleTimer));
    this.httpPort = b.httpPort;
    this.httpDeadlineMs = b.httpDeadlineMs;
    this.httpLimits = b.httpLimits;
    this.httpAuth = b.httpAuth;
    this.httpFiles = b.httpFiles;
    this.httpPages = b.httpPages;
    this.inProcessName = config.name() + "-" + UUID.randomUUID();
    InProcessServerBuilder ib =
        b.httpPort < 0 ? null : InProcessServerBuilder.forName(inProcessName).executor(executor);
    for (ServerServiceDefinition def : b.services) {
      names.add(def.getServiceDescriptor().getName());
      // ServerInterceptors.intercept runs the last interceptor first: the limiter runs before
      // anything else so rejected calls cost nothing.
      ServerServiceDefinition intercepted =
          ServerInterceptors.intercept(RequestParsing.strict(def), interceptors);
      sb.addService(intercepted);
      if (ib != null) {
        // The HTTP/JSON gateway's calls go through the same interceptors: keys, limits, metrics.
        ib.addService(intercepted);
      }
    }
    this.inProcess = ib == null ? null : ib.build();
    this.httpServices =
        b.services.stream().map(ServerServiceDefinition::getServiceDescriptor).toList();
    this.serviceNames = List.copyOf(names);
    this.server = sb.build();
    this.healthPortSetting = b.healthPort;
    this.healthServer =
        b.healthPort < 0
            ? null
            : NettyServerBuilder.forAddress(
                    new InetSocketAddress(config.bindAddress(), b.healthPort),
                    InsecureServerCredentials.create())
                .directExecutor()
                .addService(ServerInterceptors.intercept(health.getHealthService(), watchLimiter))
                .build();
  }

  public static Builder builder(ServerConfig config) {
    return new Builder(config);
  }

  /**
   * Starts the gRPC server and the metrics endpoint, then reports SERVING. When a port cannot be
   * had, whatever had started is stopped (threads included, so the JVM can exit) and the exception
   * names the address, the port and its setting.
   */
  public ServiceHost start() throws IOException {
    try {
      listen();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus("", ServingStatus.SERVING);
    for (String s : serviceNames) {
      health.setStatus(s, ServingStatus.SERVING);
    }
    log.info(
        () ->
            config.name()
                + " serving gRPC on port "
                + port()
                + (metrics != null
                    ? ", metrics on http://0.0.0.0:" + metrics.port() + "/metrics"
                    : ""));
    return this;
  }

  private void listen() throws IOException {
    String at = config.bindAddress();
    Listening.open("grpc-port", at, config.grpcPort(), server::start);
    if (healthServer != null) {
      Listening.open("health-port", at, healthPortSetting, healthServer::start);
    }
    if (config.metricsPort() >= 0) {
      Listening.open(
          "metrics-port",
          at,
          config.metricsPort(),
          () -> metrics = MetricsEndpoint.start(registry, at, config.metricsPort()));
    }
    if (inProcess != null) {
      inProcess.start();
      gatewayChannel = InProcessChannelBuilder.forName(inProcessName).directExecutor().build();
      Listening.open(
          "http-port",
          at,
          httpPort,
          () ->
              gateway =
                  HttpJsonGateway.start(
                      at,
                      httpPort,
                      gatewayChannel,
                      httpServices,
                      httpDeadlineMs,
                      config.maxMessageBytes(),
                      httpLimits));
      gateway.authenticatedBy(httpAuth);
      if (httpFiles != null) {
        gateway.serveFiles(httpFiles);
      }
      if (httpPages != null) {
        httpPages.accept(gateway);
      }
      log.info(
          () ->
              config.name() + " serving HTTP/JSON on http://" + at + ":" + gateway.port() + "/v1/");
    }
  }

  /** The HTTP/JSON port, or -1 when this server has none. */
  public int httpPort() {
    return gateway == null ? -1 : gateway.port();
  }

  public int port() {
    return server.getPort();
  }

  /** Port of the plaintext health-only server, or -1 when there is none. */
  public int healthPort() {
    return healthServer == null ? -1 : healthServer.getPort();
  }

  /** Every address this server listens on: its gRPC sockets and the metrics endpoint. */
  public List<InetSocketAddress> listenAddresses() {
    List<InetSocketAddress> out = new ArrayList<>();
    for (SocketAddress a : server.getListenSockets()) {
      out.add((InetSocketAddress) a);
    }
    if (metrics != null) {
      out.add(metrics.address());
    }
    if (healthServer != null) {
      for (SocketAddress a : healthServer.getListenSockets()) {
        out.add((InetSocketAddress) a);
      }
    }
    return out;
  }

  /** Port of the {@code /metrics} endpoint, or -1 when it is off. */
  public int metricsPort() {
    return metrics == null ? -1 : metrics.port();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public HealthStatusManager health() {
    return health;
  }

  /** Blocks until the server has terminated. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** Builds a service from settings (its {@code start} method). */
  @FunctionalInterface
  public interface Starter {
    ServiceHost start(Settings settings) throws IOException;
  }

  /**
   * A server's {@code main}: {@code --help} prints the declared settings; settings from the
   * arguments and environment, unknown flags refused (exit code 2, with the closest known one), the
   * service started, then serving until SIGTERM.
   *
   * @param command how the server is started, for help
   * @param summary one line on what the server does, for help
   * @param declared every setting the server reads
   */
  public static void main(
      String[] args, String command, String summary, List<Setting<?>> declared, Starter starter)
      throws Exception {
    if (Settings.wantsHelp(args)) {
      System.out.print(Settings.help(command, summary, declared));
      return;
    }
    ServiceHost host;
    try {
      Settings settings = Settings.fromArgs(args);
      settings.rejectUnknownFlags(declared);
      host = starter.start(settings);
    } catch (IllegalArgumentException e) {
      System.err.println(command + ": " + e.getMessage());
      System.exit(2);
      return;
    } catch (IOException | RuntimeException e) {
      // A port taken, Redis unreachable: say why and exit, rather than leave threads running.
      System.err.println(command + ": " + e.getMessage());
      System.exit(1);
      return;
    }
    host.runUntilShutdown();
  }

  /** Closes this host when the JVM gets SIGTERM or SIGINT, then blocks until it is closed. */
  public void runUntilShutdown() throws InterruptedException {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  long t0 = System.nanoTime();
                  close();
                  // java.util.logging resets its handlers in its own shutdown hook, which may run
                  // first: the
                  // last line goes to stderr directly, so that a stop always says it drained.
                  System.err.printf(
                      "%s stopped after draining in %d ms%n",
                      config.name(), (System.nanoTime() - t0) / 1_000_000);
                },
                config.name() + "-shutdown"));
    awaitTermination();
  }

  /** Graceful shutdown; safe to call more than once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    health.enterTerminalState();
    if (gateway != null) {
      gateway.close();
    }
    if (gatewayChannel != null) {
      gatewayChannel.shutdownNow();
    }
    if (inProcess != null) {
      inProcess.shutdownNow();
    }
    server.shutdown();
    if (healthServer != null) {
      healthServer.shutdownNow();
    }
    try {
      if (!server.awaitTermination(config.drainMs(), TimeUnit.MILLISECONDS)) {
        log.warning(config.name() + ": calls still running after drain; cancelling them");
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    executor.shutdown();
    idleTimer.shutdownNow();
    while (!closeables.isEmpty()) {
      AutoCloseable c = closeables.pollLast();
      try {
        c.close();
      } catch (Exception e) {
        log.log(Level.WARNING, config.name() + ": error while closing " + c, e);
      }
    }
    if (metrics != null) {
      metrics.close();
    }
    log.info(() -> config.name() + " stopped");
  }

  /** Assembles a {@link ServiceHost}. */
  public static final class Builder {
    private final ServerConfig config;
    private final PrometheusMeterRegistry registry;
    private final List<ServerServiceDefinition> services = new ArrayList<>();
    private final List<ServerInterceptor> interceptors = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private ServerCredentials credentials;
    private int healthPort = -1;
    private boolean nonBlocking;
    private int httpPort = -1;
    private long httpDeadlineMs;
    private HttpLimits httpLimits = HttpLimits.DEFAULT;
    private AuthInterceptor httpAuth;
    private String httpFiles;
    private java.util.function.Consumer<HttpJsonGateway> httpPages;

    private Builder(ServerConfig config) {
      this.config = config;
      this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      // "app", not "service": the gRPC meters use "service" for the gRPC service name.
      registry.config().commonTags("app", config.name());
      GrpcMetrics.configure(registry);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      JvmGcMetrics gc = new JvmGcMetrics();
      gc.bindTo(registry);
      closeables.add(gc);
    }

    /** The registry services record their own metrics in; served on {@code /metrics}. */
    public PrometheusMeterRegistry registry() {
      return registry;
    }

    public Builder addService(BindableService service) {
      services.add(service.bindService());
      return this;
    }

    public Builder addService(ServerServiceDefinition service) {
      services.add(service);
      return this;
    }

    /** Interceptors applied to the application services (not health or reflection). */
    public Builder intercept(ServerInterceptor interceptor) {
      interceptors.add(interceptor);
      return this;
    }

    /**
     * Declares that no handler of this server blocks (they complete calls from callbacks), so calls
     * can run on the transport threads instead of being handed to the executor.
     */
    public Builder nonBlocking() {
      this.nonBlocking = true;
      return this;
    }

    public Builder credentials(ServerCredentials credentials) {
      this.credentials = credentials;
      return this;
    }

    /**
     * TLS (and mutual TLS, and the allowed client names) from the settings, when configured; see
     * {@link Tls}. Certificates are re-read while the server runs.
     */
    public Builder tls(Settings settings) throws IOException {
      // Kubernetes' gRPC probes speak plaintext only: with TLS on, they use this port, which
      // serves grpc.health.v1 and nothing else.
      healthPort = settings.get(ServerSettings.HEALTH_PORT);
      Tls tls = new Tls();
      closeables.add(tls);
      ServerCredentials creds = tls.server(settings);
      if (creds != null) {
        credentials = creds;
        String names = settings.get(ServerSettings.TLS_CLIENT_NAMES);
        if (names != null) {
          interceptors.add(Tls.allowClients(Set.of(names.split(","))));
        }
      }
      return this;
    }

    /**
     * Also serves the services' methods that carry {@code google.api.http} bindings as JSON over
     * HTTP on {@code port} (0: a free one; negative: none), each call with a deadline of {@code
     * deadlineMs}. See {@link HttpJsonGateway}.
     */
    public Builder httpJson(int port, long deadlineMs) {
      this.httpPort = port;
      this.httpDeadlineMs = deadlineMs;
      return this;
    }

    /** Time and connection bounds of the HTTP port's clients ({@link HttpLimits#DEFAULT}). */
    public Builder httpLimits(HttpLimits limits) {
      this.httpLimits = limits;
      return this;
    }

    /**
     * The key check the HTTP gateway asks before reading a request (the same interceptor, also
     * given to {@link #intercept}); none when auth is off.
     */
    public Builder httpAuth(AuthInterceptor auth) {
      this.httpAuth = auth;
      return this;
    }

    /** A web page served beside the HTTP/JSON API: the files under a classpath folder. */
    public Builder httpFiles(String classpathRoot) {
      this.httpFiles = classpathRoot;
      return this;
    }

    /** Pages rendered on the server, added to the HTTP gateway once it runs. */
    public Builder httpPages(java.util.function.Consumer<HttpJsonGateway> pages) {
      this.httpPages = pages;
      return this;
    }

    /** A resource closed after the server has drained; closed in reverse order of adding. */
    public Builder closeOnShutdown(AutoCloseable resource) {
      closeables.add(resource);
      return this;
    }

    public ServiceHost build() {
      return new ServiceHost(this);
    }
  }
}

package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.runtime.ServiceHost;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What every server offers besides its API: health, reflection v1, metrics, shutdown. */
class ServiceSurfaceTest {
  @RegisterExtension static final LocalStackExtension LOCAL = new LocalStackExtension();

  static LocalStack stack() {
    return LOCAL.stack();
  }

  static ManagedChannel channel(int port) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  // A local stack's scoring service and API keys are for this machine: nothing listens beyond it.
  @Test
  void aLocalStackListensOnTheLoopbackInterfaceOnly() {
    for (ServiceHost host : List.of(stack().ingest(), stack().scoring(), stack().query())) {
      assertThat(host.listenAddresses())
          .as("%s", host)
          .isNotEmpty()
          .allSatisfy(a -> assertThat(a.getAddress().isLoopbackAddress()).as("%s", a).isTrue());
    }
  }

  // Health is unauthenticated: its long-lived Watch streams are bounded, Check (probes) is not.
  @Test
  void healthWatchStreamsAreBoundedAndCheckStillAnswers() throws Exception {
    ManagedChannel ch = channel(stack().query().port());
    try {
      int opened = 100;
      AtomicInteger refused = new AtomicInteger();
      CountDownLatch answered = new CountDownLatch(opened);
      for (int i = 0; i < opened; i++) {
        HealthGrpc.newStub(ch)
            .watch(
                HealthCheckRequest.getDefaultInstance(),
                new StreamObserver<>() {
                  boolean counted;

                  @Override
                  public synchronized void onNext(HealthCheckResponse r) {
                    if (!counted) {
                      counted = true;
                      answered.countDown();
                    }
                  }

                  @Override
                  public synchronized void onError(Throwable t) {
                    if (Status.fromThrowable(t).getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                      refused.incrementAndGet();
                    }
                    if (!counted) {
                      counted = true;
                      answered.countDown();
                    }
                  }

                  @Override
                  public void onCompleted() {}
                });
      }
      assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(refused.get()).isEqualTo(opened - ServiceHost.MAX_WATCH_STREAMS);
      assertThat(
              HealthGrpc.newBlockingStub(ch)
                  .withDeadlineAfter(5, TimeUnit.SECONDS)
                  .check(HealthCheckRequest.getDefaultInstance())
                  .getStatus())
          .isEqualTo(ServingStatus.SERVING);
    } finally {
      ch.shutdownNow();
    }
  }

  @Test
  void everyServiceReportsServingForItselfAndItsApi() {
    int[] ports = {stack().ingest().port(), stack().scoring().port(), stack().query().port()};
    String[] apis = {"sway.v1.IngestService", "sway.v1.ScoringService", "sway.v1.QueryService"};
    for (int i = 0; i < 3; i++) {
      ManagedChannel ch = channel(ports[i]);
      try {
        HealthGrpc.HealthBlockingStub h =
            HealthGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS);
        assertThat(h.check(HealthCheckRequest.getDefaultInstance()).getStatus())
            .isEqualTo(ServingStatus.SERVING);
        assertThat(h.check(HealthCheckRequest.newBuilder().setService(apis[i]).build()).getStatus())
            .isEqualTo(ServingStatus.SERVING);
      } finally {
        ch.shutdownNow();
      }
    }
  }

  @Test
  void reflectionV1ListsTheApi() throws Exception {
    ManagedChannel ch = channel(stack().query().port());
    try {
      CompletableFuture<List<String>> names = new CompletableFuture<>();
      StreamObserver<ServerReflectionRequest> req =
          ServerReflectionGrpc.newStub(ch)
              .serverReflectionInfo(
                  new StreamObserver<ServerReflectionResponse>() {
                    @Override
                    public void onNext(ServerReflectionResponse r) {
                      names.complete(
                          r.getListServicesResponse().getServiceList().stream()
                              .map(ServiceResponse::getName)
                              .toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                      names.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {}
                  });
      req.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
      assertThat(names.get(5, TimeUnit.SECONDS))
          .contains("sway.v1.QueryService", "grpc.health.v1.Health");
      req.onCompleted();
    } finally {
      ch.shutdownNow();
    }
  }

  @Test
  void metricsEndpointServesPrometheusText() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (int port :
        new int[] {
          stack().ingest().metricsPort(),
          stack().scoring().metricsPort(),
          stack().query().metricsPort()
        }) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("# TYPE jvm_memory_used_bytes gauge");
    }
  }
}

package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sway.runtime.ServerConfig;
import dev.sway.runtime.ServiceHost;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Shutdown turns health off, then closes the resources registered with the host. */
class GracefulShutdownTest {
  @Test
  void closeStopsServingAndClosesResources() throws Exception {
    AtomicBoolean resourceClosed = new AtomicBoolean();
    ServiceHost host =
        ServiceHost.builder(new ServerConfig("t", 0, -1, 2, 10, 1000, 1 << 20))
            .closeOnShutdown(() -> resourceClosed.set(true))
            .build()
            .start();
    ManagedChannel ch =
        NettyChannelBuilder.forAddress("127.0.0.1", host.port()).usePlaintext().build();
    try {
      HealthGrpc.HealthBlockingStub h = HealthGrpc.newBlockingStub(ch);
      assertThat(
              h.withDeadlineAfter(5, TimeUnit.SECONDS)
                  .check(HealthCheckRequest.getDefaultInstance())
                  .getStatus())
          .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
      host.close();
      assertThat(resourceClosed).isTrue();
      assertThatThrownBy(
              () ->
                  h.withDeadlineAfter(2, TimeUnit.SECONDS)
                      .check(HealthCheckRequest.getDefaultInstance()))
          .isInstanceOf(StatusRuntimeException.class);
      host.close(); // idempotent
    } finally {
      ch.shutdownNow();
    }
  }
}

package dev.sway.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.OperationsGrpc;
import dev.sway.local.LocalRedis;
import dev.sway.runtime.ApiKeys;
import dev.sway.runtime.ServiceHost;
import dev.sway.runtime.Settings;
import dev.sway.v1.AccountRef;
import dev.sway.v1.ApplyEventsRequest;
import dev.sway.v1.ErasePersonRequest;
import dev.sway.v1.ScoringServiceErasePersonRequest;
import dev.sway.v1.ScoringServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scoring's administrative calls need an admin key in every transport mode, plaintext included, and
 * scoring listens on the loopback interface unless told otherwise.
 */
class AdminAuthTest {
  static final String ADMIN_KEY = ApiKeys.newKey();
  static final String READ_KEY = ApiKeys.newKey();
  static LocalRedis redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = LocalRedis.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  static ServiceHost scoring(String apiKeys) throws Exception {
    Map<String, String> s = new HashMap<>();
    s.put("grpc-port", "0");
    s.put("metrics-port", "-1");
    s.put("redis-uri", redis.uri());
    if (apiKeys != null) {
      s.put("api-keys", apiKeys);
    }
    return ScoringServer.start(Settings.ofMap(s), Clock.systemUTC());
  }

  static ManagedChannel channel(ServiceHost host) {
    return ManagedChannelBuilder.forAddress("127.0.0.1", host.port()).usePlaintext().build();
  }

  static ScoringServiceGrpc.ScoringServiceBlockingStub stub(ManagedChannel c, String key) {
    var stub = ScoringServiceGrpc.newBlockingStub(c).withDeadlineAfter(10, TimeUnit.SECONDS);
    if (key == null) {
      return stub;
    }
    Metadata h = new Metadata();
    h.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(h));
  }

  static ScoringServiceErasePersonRequest erase() {
    return ScoringServiceErasePersonRequest.newBuilder()
        .setRequest(
            ErasePersonRequest.newBuilder()
                .setAccount(AccountRef.newBuilder().setNetwork("x").setAccountId("nobody")))
        .build();
  }

  static void refused(Status.Code code, Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
  }

  @Test
  void administrativeCallsNeedAnAdminKey() throws Exception {
    String keys =
        ApiKeys.entry("ops", Set.of(ApiKeys.ADMIN), ADMIN_KEY)
            + ","
            + ApiKeys.entry("reader", Set.of(ApiKeys.QUERY_READ), READ_KEY);
    try (ServiceHost host = scoring(keys)) {
      ManagedChannel c = channel(host);
      try {
        refused(Status.Code.UNAUTHENTICATED, () -> stub(c, null).erasePerson(erase()));
        refused(Status.Code.UNAUTHENTICATED, () -> stub(c, "sway_wrong").erasePerson(erase()));
        refused(Status.Code.PERMISSION_DENIED, () -> stub(c, READ_KEY).erasePerson(erase()));
        refused(
            Status.Code.UNAUTHENTICATED,
            () ->
                OperationsGrpc.newBlockingStub(c)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getOperation(
                        GetOperationRequest.newBuilder()
                            .setName("operations/erase-00000000-0000-0000-0000-000000000000")
                            .build()));
        assertThat(stub(c, ADMIN_KEY).erasePerson(erase()).getName()).startsWith("operations/");
        // Scoring's own work (events from ingest) is guarded by the network and mutual TLS.
        assertThat(stub(c, null).applyEvents(ApplyEventsRequest.getDefaultInstance())).isNotNull();
      } finally {
        c.shutdownNow();
      }
    }
  }

  @Test
  void withoutConfiguredKeysAdministrativeCallsAreRefused() throws Exception {
    try (ServiceHost host = scoring(null)) {
      ManagedChannel c = channel(host);
      try {
        refused(Status.Code.UNAUTHENTICATED, () -> stub(c, ADMIN_KEY).erasePerson(erase()));
      } finally {
        c.shutdownNow();
      }
    }
  }

  @Test
  void listensOnLoopbackUnlessTold() throws Exception {
    try (ServiceHost host = scoring(null)) {
      assertThat(host.listenAddresses())
          .isNotEmpty()
          .allSatisfy(
              a -> assertThat(((InetSocketAddress) a).getAddress().isLoopbackAddress()).isTrue());
    }
  }
}

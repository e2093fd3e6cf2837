package dev.sway.runtime;

import io.grpc.ClientInterceptor;
import io.grpc.ServerInterceptor;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingClientInterceptor;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * RED metrics of every RPC, server and client side, with Micrometer's gRPC interceptors.
 *
 * <p>Two adjustments make them useful in Prometheus: durations publish a percentile histogram
 * (otherwise only count, sum and max are exported and no p99 can be computed), and the camelCase
 * tags {@code methodType} and {@code statusCode} are renamed to snake_case, which Prometheus naming
 * conventions (and {@code promtool check metrics}) expect.
 */
public final class GrpcMetrics {
  private GrpcMetrics() {}

  /**
   * Registers the renames; call once per registry, before any meter is created. Two JVM meters are
   * also renamed or dropped so that {@code promtool check metrics} finds nothing: {@code
   * system.cpu.count} (a gauge must not end in _count) and {@code process.cpu.time} in nanoseconds
   * (abbreviated unit; {@code process_cpu_usage} says the same).
   */
  public static void configure(MeterRegistry registry) {
    registry
        .config()
        .meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")))
        .meterFilter(
            new MeterFilter() {
              @Override
              public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count")
                    ? id.withName("system.cpu.logical.processors")
                    : id;
              }
            });
    for (String prefix : new String[] {"grpc.server", "grpc.client"}) {
      registry
          .config()
          .meterFilter(MeterFilter.renameTag(prefix, "methodType", "method_type"))
          .meterFilter(MeterFilter.renameTag(prefix, "statusCode", "status_code"));
    }
  }

  public static ServerInterceptor serverInterceptor(MeterRegistry registry) {
    return new MetricCollectingServerInterceptor(
        registry, counter -> counter, timer -> timer.publishPercentileHistogram());
  }

  public static ClientInterceptor clientInterceptor(MeterRegistry registry) {
    return new MetricCollectingClientInterceptor(
        registry, counter -> counter, timer -> timer.publishPercentileHistogram());
  }
}

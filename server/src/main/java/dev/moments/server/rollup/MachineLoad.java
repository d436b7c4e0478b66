package dev.moments.server.rollup;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** The machine's (or container's) recent CPU load, as the JVM sees it. */
final class MachineLoad {
  private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

  private MachineLoad() {}

  /** Load in [0, 1] since the previous call; negative when the platform does not report it. */
  static double recentCpuLoad() {
    return OS instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getCpuLoad() : -1;
  }
}

package dev.moments.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for test servers. A port probed free can be taken before the server binds it: the kernel
 * hands ports of its ephemeral range to other connections as their local ports (SdkScriptIT failed
 * so once). So a port is picked below that range, where no connection gets one unasked (which also
 * keeps a server restarted on the same port safe), and a start that still finds its port taken
 * (another test picked the same one) is tried again on another.
 */
public final class TestPorts {
  /** Above the blocks the benchmarks and people's servers use (8080, 19xxx). */
  private static final int LOWEST = 20_000;

  private static final int ATTEMPTS = 3;

  private TestPorts() {}

  /** Starts something on a port of its own; it throws a {@link BindException} if taken. */
  @FunctionalInterface
  public interface PortStart<T> {
    T start(int port) throws Exception;
  }

  /**
   * What {@code start} returns on a free port, trying another (three at most) when the port was
   * taken between its probe and the bind. A failed start must close all it opened.
   */
  public static <T> T onFreePort(PortStart<T> start) {
    for (int attempt = 1; ; attempt++) {
      try {
        return start.start(freePort());
      } catch (Exception e) {
        if (!portTaken(e) || attempt == ATTEMPTS) {
          throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
      }
    }
  }

  /**
   * Throws a {@link BindException} if a server process has exited the way Main does on a port in
   * use (code 1, "is in use"), so that {@link #onFreePort} tries another port.
   */
  public static void failIfPortTaken(Process process, String output) throws BindException {
    if (!process.isAlive() && process.exitValue() == 1 && output.contains("is in use")) {
      throw new BindException("the server's port was taken: " + output);
    }
  }

  /** A port nothing listens on, below the ephemeral range where the kernel can tell. */
  public static int freePort() {
    int below = ephemeralLow();
    for (int i = 0; below - LOWEST > 1000 && i < 50; i++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
      try (ServerSocket probe = new ServerSocket(port)) {
        return port;
      } catch (IOException inUse) {
        // try another
      }
    }
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean portTaken(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  /** The lowest port of Linux's ephemeral range; 0 (no range to avoid) elsewhere. */
  private static int ephemeralLow() {
    try {
      // readString stops early on this procfs file (size 0): read it as lines
      String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0);
      return Integer.parseInt(range.trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException unknown) {
      return 0;
    }
  }
}

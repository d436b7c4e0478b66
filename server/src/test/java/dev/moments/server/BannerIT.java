package dev.moments.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.MomentsServer.StartupReport;
import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The banner's "Try" lines, run by a shell exactly as printed, against a real server. */
class BannerIT {
  static RunningServer server;

  @BeforeAll
  static void start() {
    server = RunningServer.start(TestDatabase.fresh(), true);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Issue 20 item 5: on a restart the lines name $MOMENTS_ADMIN_KEY, which the shell expands. */
  @Test
  void theRestartBannersCurlLinesWorkWithTheKeyInTheEnvironment() throws Exception {
    assertTryLinesWork(new StartupReport(Optional.empty(), true, server.port()));
  }

  @Test
  void theFirstStartBannersCurlLinesWorkWithThePrintedKey() throws Exception {
    assertTryLinesWork(
        new StartupReport(Optional.of(RunningServer.ADMIN_KEY), true, server.port()));
  }

  /** Issue 20 item 2: next to the dashboard, where the JS SDK bundle is and its integrity hash. */
  @Test
  void theBannerNamesTheSdkScriptAndItsIntegrity() {
    String banner = Banner.text(server.server().report());
    String integrity = server.server().report().sdkScript().orElseThrow().integrity();
    assertTrue(banner.contains("http://localhost:" + server.port() + "/sdk/v"), banner);
    assertTrue(banner.contains("integrity=\"" + integrity + "\""), banner);
  }

  private static void assertTryLinesWork(StartupReport report) throws Exception {
    List<String> commands = tryCommands(Banner.text(report));
    assertEquals(2, commands.size(), Banner.text(report));
    JsonObject experiments = new JsonObject(run(commands.get(0)));
    assertTrue(experiments.containsKey("experiments"), experiments.encode());
    JsonObject assigned = new JsonObject(run(commands.get(1)));
    assertEquals("visitor-42", assigned.getString("unitId"), assigned.encode());
  }

  /** The commands under "Try:", continuation lines joined as a shell joins them. */
  static List<String> tryCommands(String banner) {
    List<String> commands = new ArrayList<>();
    String[] lines = banner.substring(banner.indexOf("Try:")).split("\n");
    StringBuilder command = new StringBuilder();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.endsWith("\\")) {
        command.append(line, 0, line.length() - 1);
        continue;
      }
      commands.add(command.append(line).toString().trim());
      command.setLength(0);
    }
    return commands;
  }

  private static String run(String command) throws Exception {
    ProcessBuilder shell = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
    shell.environment().put("MOMENTS_ADMIN_KEY", RunningServer.ADMIN_KEY);
    Process process = shell.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), command + "\n" + out);
    return out;
  }
}

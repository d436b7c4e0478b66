package dev.moments.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.moments.server.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SharedBuffersTest {
  @ParameterizedTest
  @CsvSource({"128kB,128kB", "256MB,256MB", "' 1GB ',1GB", "64GB,64GB"})
  void takesAPostgresqlSize(String value, String expected) {
    assertEquals(expected, SharedBuffers.fromEnvironment(Map.of(SharedBuffers.VARIABLE, value)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void unsetOrBlankIsTheDefault(String value) {
    assertEquals(
        SharedBuffers.DEFAULT,
        SharedBuffers.fromEnvironment(Map.of(SharedBuffers.VARIABLE, value)));
    assertEquals(SharedBuffers.DEFAULT, SharedBuffers.fromEnvironment(Map.of()));
  }

  @ParameterizedTest
  @CsvSource({
    "512,'is not a size in kB, MB or GB as PostgreSQL writes it (e.g. 512MB)'",
    "512mb,'is not a size in kB, MB or GB as PostgreSQL writes it (e.g. 512MB)'",
    "-1GB,'is not a size in kB, MB or GB as PostgreSQL writes it (e.g. 512MB)'",
    "1TB,'is not a size in kB, MB or GB as PostgreSQL writes it (e.g. 512MB)'",
    "64kB,must be between 128kB and 64GB",
    "65GB,must be between 128kB and 64GB"
  })
  void refusesAnythingElseNamingTheVariableAndValue(String value, String problem) {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> SharedBuffers.fromEnvironment(Map.of(SharedBuffers.VARIABLE, value)));
    assertEquals("MOMENTS_EMBEDDED_SHARED_BUFFERS=" + value + " " + problem, e.getMessage());
  }
}

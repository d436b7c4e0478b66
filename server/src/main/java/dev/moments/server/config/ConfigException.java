package dev.moments.server.config;

/** A configuration value that stops start-up; the message names the variable and the value. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String variable, String value, String problem) {
    super(variable + "=" + value + " " + problem);
  }
}

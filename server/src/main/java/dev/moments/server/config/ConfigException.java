package dev.moments.server.config;

/** A configuration value that stops start-up; the message names the variable and the value. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String variable, String value, String problem) {
    super(variable + "=" + value + " " + problem);
  }

  private ConfigException(String message) {
    super(message);
  }

  /** A variable that must be set here, and why. */
  public static ConfigException missing(String variable, String why) {
    return new ConfigException(variable + " is not set, and " + why);
  }
}

package dev.moments.server.report;

/** PRIMARY decides the experiment; SECONDARY are informative; GUARDRAIL may veto a winner. */
public enum MetricRole {
  PRIMARY,
  SECONDARY,
  GUARDRAIL
}

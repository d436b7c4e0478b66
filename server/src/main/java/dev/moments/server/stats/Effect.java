package dev.moments.server.stats;

/** An estimated effect with its (1 - alpha) interval and two-sided p-value. */
public record Effect(double estimate, Interval ci, double pValue) {}

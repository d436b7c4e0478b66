package dev.moments.server.experiment;

/** The moments of truth of a customer journey, in journey order; named as they travel. */
public enum Stage {
  LZMOT,
  ZMOT,
  FMOT,
  SMOT,
  UMOT
}

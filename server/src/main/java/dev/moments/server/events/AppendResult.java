package dev.moments.server.events;

/** What became of a request's valid events once committed: newly stored, or already known by id. */
public record AppendResult(int accepted, int duplicates) {}

package dev.moments.server.report;

import java.time.LocalDate;

/**
 * A report's date range ({@code ?from=&to=}, UTC days, inclusive): the units first exposed in it
 * and their events up to {@code to}. Descriptive: the decision stays on the whole experiment.
 *
 * @param from nullable: from the experiment's first day
 * @param to nullable: up to today
 */
public record ReportRange(LocalDate from, LocalDate to) {}

package dev.moments.server;

import dev.moments.server.alerts.DecisionWatcher;
import dev.moments.server.bandit.BanditUpdater;
import dev.moments.server.config.BackgroundJobs;
import dev.moments.server.config.BanditJobs;
import dev.moments.server.config.EventRetention;
import dev.moments.server.events.EventPartitions;
import dev.moments.server.experiment.TargetingAttributes;
import dev.moments.server.jobs.PeriodicJob;
import dev.moments.server.report.LiveReports;
import dev.moments.server.rollup.RollupReader;
import dev.moments.server.schedule.Scheduler;
import dev.moments.server.store.BanditUpdates;
import dev.moments.server.store.ExperimentStore;
import dev.moments.server.store.MomentStore;
import dev.moments.server.store.SequentialLooks;
import dev.moments.server.webhooks.DeliveryWorker;
import dev.moments.server.webhooks.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The periodic work besides folding: webhook deliveries, the decision watcher, the scheduler, the
 * bandit weight updater and the event retention, each a {@link PeriodicJob} on a worker thread
 * (report building is CPU work).
 */
final class BackgroundWork {
  private BackgroundWork() {}

  /** Deploys the five; their deployment ids, to undeploy before the pool closes. */
  static List<String> deploy(
      Vertx vertx,
      Pool pool,
      ExperimentStore experiments,
      MomentStore moments,
      Clock clock,
      BackgroundJobs jobs,
      BanditJobs bandits,
      EventRetention retention,
      TargetingAttributes attributes,
      MeterRegistry registry) {
    DeliveryWorker deliveries =
        new DeliveryWorker(
            new Outbox(pool),
            vertx.createHttpClient(
                new HttpClientOptions()
                    .setConnectTimeout((int) jobs.webhookTimeout().toMillis())
                    .setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(DeliveryWorker.BATCH)),
            jobs,
            clock);
    LiveReports reports =
        new LiveReports(
            experiments,
            moments,
            new RollupReader(pool),
            clock,
            attributes,
            new SequentialLooks(pool));
    DecisionWatcher watcher =
        new DecisionWatcher(
            pool,
            experiments,
            e -> reports.build(e).map(r -> r.getJsonObject("decision")),
            clock,
            jobs.alertMinDays());
    Scheduler scheduler = new Scheduler(experiments, clock);
    BanditUpdater updater =
        new BanditUpdater(experiments, new BanditUpdates(pool), new RollupReader(pool), clock);
    return List.of(
        MomentsServer.deployWorker(
            vertx,
            new PeriodicJob(
                "webhook deliveries", jobs.webhookPoll(), jobs.webhookPoll(), deliveries::round)),
        MomentsServer.deployWorker(
            vertx,
            new PeriodicJob(
                "decision watcher",
                jobs.alertInterval(),
                soon(jobs.alertInterval()),
                watcher::round)),
        MomentsServer.deployWorker(
            vertx,
            new PeriodicJob(
                "scheduler", jobs.schedulerInterval(), Duration.ZERO, scheduler::round)),
        MomentsServer.deployWorker(
            vertx,
            new PeriodicJob(
                "bandit updater", bandits.interval(), bandits.interval(), updater::round)),
        MomentsServer.deployWorker(
            vertx,
            new PeriodicJob(
                "event retention",
                retention.interval(),
                Duration.ZERO,
                new EventPartitions(pool, clock, retention.days(), registry)::round)));
  }

  /** The first round comes soon after a start, so a restart never delays an alert by long. */
  private static Duration soon(Duration interval) {
    Duration tenSeconds = Duration.ofSeconds(10);
    return interval.compareTo(tenSeconds) < 0 ? interval : tenSeconds;
  }
}

package dev.moments.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.SqlConnection;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A pool whose operations fail with {@link DatabaseTimeoutException} when the database does not
 * answer in time. The pg client cannot cancel a command on a connection to a frozen server, so the
 * caller stops waiting while the command stays queued: once the database answers again it runs, and
 * its connection returns to the pool. Queries made by the pool ({@code query}, {@code
 * preparedQuery}, and what {@code mapping}/{@code collecting} derive from them) are timed; a
 * transaction or {@code withConnection} is timed as a whole.
 */
final class TimedPool implements InvocationHandler {
  private final Object target;
  private final long millis;

  private TimedPool(Object target, long millis) {
    this.target = target;
    this.millis = millis;
  }

  static Pool wrap(Pool pool, Duration timeout) {
    return proxy(pool, Pool.class, timeout.toMillis());
  }

  private static <T> T proxy(Object target, Class<T> type, long millis) {
    return type.cast(
        Proxy.newProxyInstance(
            TimedPool.class.getClassLoader(),
            new Class<?>[] {type},
            new TimedPool(target, millis)));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    Object result;
    try {
      result = method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    Class<?> type = method.getReturnType();
    if (result instanceof Future<?> future && !method.getName().equals("close")) {
      return timed(future, method.getName().equals("getConnection"));
    }
    if (type == Query.class || type == PreparedQuery.class) {
      return proxy(result, type, millis);
    }
    return result;
  }

  private Future<?> timed(Future<?> future, boolean connection) {
    Future<?> timed =
        future
            .timeout(millis, TimeUnit.MILLISECONDS)
            .recover(
                e ->
                    e instanceof TimeoutException && !future.isComplete()
                        ? Future.failedFuture(new DatabaseTimeoutException(millis))
                        : Future.failedFuture(e));
    if (connection) {
      // A connection handed over after the caller stopped waiting would never be closed.
      future.onSuccess(
          c -> {
            if (timed.failed()) {
              ((SqlConnection) c).close();
            }
          });
    }
    return timed;
  }
}

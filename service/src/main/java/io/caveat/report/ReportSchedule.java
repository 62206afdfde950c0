package io.caveat.report;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs reports on a schedule inside the service: a Unix cron expression (five fields, in UTC; see README).
 * A failed run is logged and the next one comes as planned.
 */
public final class ReportSchedule implements AutoCloseable {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final ExecutionTime times;
    private final Runnable report;
    private final Clock clock;
    private final PrintWriter log;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "caveat-report-schedule");
        t.setDaemon(true);
        return t;
    });

    /** @throws IllegalArgumentException when the expression is not a Unix cron expression */
    public ReportSchedule(String cron, Runnable report, Clock clock, PrintWriter log) {
        try {
            this.times = ExecutionTime.forCron(PARSER.parse(cron).validate());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("report schedule '" + cron + "' is not a cron expression (minute hour "
                    + "day-of-month month day-of-week, e.g. '0 */6 * * *'): " + e.getMessage());
        }
        this.report = report;
        this.clock = clock;
        this.log = log;
    }

    /** The next run after a moment. */
    public ZonedDateTime next(ZonedDateTime after) {
        return times.nextExecution(after).orElseThrow(() -> new IllegalStateException("the schedule never runs"));
    }

    public ReportSchedule start() {
        plan();
        return this;
    }

    private void plan() {
        ZonedDateTime now = ZonedDateTime.now(clock);
        ZonedDateTime next = next(now);
        log.println("caveat: next scheduled report at " + next);
        log.flush();
        scheduler.schedule(this::runAndPlan, Math.max(0, Duration.between(now, next).toMillis()), TimeUnit.MILLISECONDS);
    }

    private void runAndPlan() {
        try {
            report.run();
        } catch (RuntimeException e) {
            log.println("caveat: scheduled report failed: " + e);
        } finally {
            plan();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

package io.caveat.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ReportScheduleTest {
    @Test
    void aCronExpressionGivesTheNextRuns() {
        ReportSchedule every6h = new ReportSchedule("0 */6 * * *", () -> { }, Clock.systemUTC(),
                new PrintWriter(new StringWriter()));
        ZonedDateTime now = ZonedDateTime.parse("2026-11-26T07:15:00Z");
        assertThat(every6h.next(now)).isEqualTo(ZonedDateTime.parse("2026-11-26T12:00:00Z"));
        assertThat(every6h.next(every6h.next(now))).isEqualTo(ZonedDateTime.parse("2026-11-26T18:00:00Z"));
    }

    @Test
    void aWrongExpressionSaysWhatIsExpected() {
        assertThatThrownBy(() -> new ReportSchedule("every day", () -> { }, Clock.systemUTC(),
                new PrintWriter(new StringWriter())))
                .hasMessageContaining("report schedule 'every day' is not a cron expression");
    }
}

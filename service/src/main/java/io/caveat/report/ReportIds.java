package io.caveat.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** Run ids that sort by time, to the millisecond, and say it: 20261126T123500123Z-4f2a. */
final class ReportIds {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private ReportIds() {
    }

    static String of(Instant at) {
        return FORMAT.format(at) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    static Instant time(String id) {
        return FORMAT.parse(id.substring(0, id.indexOf('-')), Instant::from);
    }
}

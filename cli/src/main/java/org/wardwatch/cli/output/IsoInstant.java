package org.wardwatch.cli.output;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * {@link DateTimeFormatter#ISO_INSTANT}'s text of an instant ({@code 2024-05-02T10:00:00.123Z}: the
 * seconds always, the fraction in groups of three digits as needed), written into a char array
 * without the formatter's intermediate objects. Years 1970 to 9999 take the fast way; other instants
 * are given to the formatter itself.
 */
final class IsoInstant {
    /** 9999-12-31T23:59:59Z. */
    private static final long LAST_FAST_SECOND = 253_402_300_799L;
    /** Longest text: "yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ". */
    static final int MAX_FAST_LENGTH = 30;

    private IsoInstant() {
    }

    /** The ISO_INSTANT text. */
    static String format(Instant t) {
        char[] buf = new char[MAX_FAST_LENGTH];
        int n = format(t, buf);
        return n < 0 ? DateTimeFormatter.ISO_INSTANT.format(t) : new String(buf, 0, n);
    }

    /** Writes the ISO_INSTANT text into {@code buf} (at least {@link #MAX_FAST_LENGTH} chars) and returns its length, or -1 outside the fast range. */
    static int format(Instant t, char[] buf) {
        long seconds = t.getEpochSecond();
        if (seconds < 0 || seconds > LAST_FAST_SECOND) {
            return -1;
        }
        int nano = t.getNano();
        long days = seconds / 86_400;
        int secondOfDay = (int) (seconds % 86_400);
        // civil date from days since 1970-01-01 (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms")
        long z = days + 719_468;
        long era = z / 146_097;
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        int i = 0;
        i = digits(buf, i, year, 4);
        buf[i++] = '-';
        i = digits(buf, i, month, 2);
        buf[i++] = '-';
        i = digits(buf, i, day, 2);
        buf[i++] = 'T';
        i = digits(buf, i, secondOfDay / 3600, 2);
        buf[i++] = ':';
        i = digits(buf, i, secondOfDay / 60 % 60, 2);
        buf[i++] = ':';
        i = digits(buf, i, secondOfDay % 60, 2);
        if (nano > 0) {
            buf[i++] = '.';
            if (nano % 1_000_000 == 0) {
                i = digits(buf, i, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                i = digits(buf, i, nano / 1000, 6);
            } else {
                i = digits(buf, i, nano, 9);
            }
        }
        buf[i++] = 'Z';
        return i;
    }

    private static int digits(char[] buf, int at, int value, int width) {
        for (int k = at + width - 1; k >= at; k--) {
            buf[k] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}

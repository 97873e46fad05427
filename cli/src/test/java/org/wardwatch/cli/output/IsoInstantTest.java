package org.wardwatch.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantTest {
    @Test
    void textIsIsoInstantsForEveryKindOfInstant() {
        Random random = new Random(7);
        long[] seconds = {0, 1, 59, 60, 86_399, 86_400, 951_782_400L /* 2000-02-29 */, 4_107_542_400L /* 2100-03-01 */,
            1_714_644_000L, 253_402_300_799L, 253_402_300_800L, -1, -62_167_219_200L, Long.MAX_VALUE / 1_000_000_000L};
        int[] nanos = {0, 1, 999, 1000, 123_000, 1_000_000, 5_000_000, 123_456_789, 999_999_999, 100_000_000};
        for (long s : seconds) {
            for (int n : nanos) {
                Instant t = Instant.ofEpochSecond(s, n);
                assertThat(IsoInstant.format(t)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(t));
            }
        }
        for (int i = 0; i < 200_000; i++) {
            long s = random.nextInt(3) == 0 ? random.nextLong() % 300_000_000_000L : 1_500_000_000L + random.nextInt(400_000_000);
            int n = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(s, n);
            assertThat(IsoInstant.format(t)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(t));
        }
    }
}

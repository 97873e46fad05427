package org.wardwatch.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalsTest {
    @Test
    void fixedIsStringFormatForEveryKindOfDouble() {
        double[] edges = {0, -0.0, 0.005, 0.015, 0.125, 0.135, 1.005, 2.675, 0.0049999, 0.9995, 0.99949, 1e-7, 123456.785,
            1e20, -0.001, -1.005, Double.MIN_VALUE, Double.MAX_VALUE, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, Double.NaN, Double.POSITIVE_INFINITY};
        Random random = new Random(3);
        for (int digits = 0; digits <= 4; digits++) {
            for (double v : edges) {
                assertThat(Decimals.fixed(v, digits)).as("%s %d", v, digits).isEqualTo(String.format(Locale.ROOT, "%." + digits + "f", v));
            }
            for (int i = 0; i < 20_000; i++) {
                double v = switch (i % 4) {
                    case 0 -> random.nextDouble();
                    case 1 -> Math.round(random.nextDouble() * 100_000) / 100_000.0;
                    case 2 -> random.nextDouble() * random.nextDouble() * (1 - random.nextDouble());
                    default -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(12) - 4);
                };
                assertThat(Decimals.fixed(v, digits)).as("%s %d", v, digits).isEqualTo(String.format(Locale.ROOT, "%." + digits + "f", v));
            }
        }
    }
}

package org.wardwatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the {@code wardwatch} command line in-process and captures its exit code, stdout and stderr. */
final class CliRunner {
    private CliRunner() {
    }

    record Run(int exit, String out, String err) {
    }

    static Run wardwatch(String... args) {
        requireNoHomeStore(args);
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * Tests never write into the user's data folder: an {@code analyze} run names its store
     * ({@code --data} in a temporary folder, {@code --db}) or asks for none ({@code --no-store}).
     */
    static void requireNoHomeStore(String... args) {
        java.util.List<String> a = java.util.List.of(args);
        if (!a.isEmpty() && a.get(0).equals("analyze") && !a.contains("--help")
                && a.stream().noneMatch(x -> x.equals("--data") || x.startsWith("--data=") || x.equals("--db") || x.startsWith("--db=")
                        || x.equals("--no-store"))) {
            throw new IllegalArgumentException("a test ran analyze without --data, --db or --no-store: it would write the user's store");
        }
    }
}

package org.wardwatch.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns failures into one line on stderr and an exit code: 2 for input that cannot be read, 1 for
 * anything else. Never a stack trace for the user ({@code WARDWATCH_DEBUG=1} prints it).
 */
final class Errors implements CommandLine.IExecutionExceptionHandler {
    static final int EXIT_BAD_INPUT = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        cl.getErr().println("wardwatch: " + message.lines().findFirst().orElse(message));
        if (System.getenv("WARDWATCH_DEBUG") != null) {
            t.printStackTrace(cl.getErr());
        }
        return t instanceof IOException || t instanceof IllegalArgumentException ? EXIT_BAD_INPUT : 1;
    }
}

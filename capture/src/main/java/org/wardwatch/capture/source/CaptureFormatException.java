package org.wardwatch.capture.source;

import java.io.IOException;

/** A capture input that cannot be read at all: the CLI prints {@link #getMessage()} as one line and exits 2. */
public final class CaptureFormatException extends IOException {
    private final String input;
    private final long offset;

    public CaptureFormatException(String input, long offset, String reason) {
        super(input + ": at byte " + offset + ": " + reason);
        this.input = input;
        this.offset = offset;
    }

    public String input() {
        return input;
    }

    public long offset() {
        return offset;
    }
}

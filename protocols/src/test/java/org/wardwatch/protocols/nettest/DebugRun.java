package org.wardwatch.protocols.nettest;

import java.nio.file.Path;
import org.wardwatch.protocols.Pipeline;

/** Prints what the pipeline says about one capture (a tool for investigating disagreements). */
public final class DebugRun {
    private DebugRun() {
    }

    public static void main(String[] args) throws Exception {
        Pipeline.Result r = Pipeline.run(Path.of(args[0]), o -> {
            String s = o.toString();
            if (args.length < 2 || s.contains(args[1])) {
                System.out.println(s.length() > 600 ? s.substring(0, 600) : s);
            }
        });
        System.out.println(r.analyzerCounters());
    }
}

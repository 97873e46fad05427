package org.wardwatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code wardwatch} command: wiring only; every subcommand lives in its own class. */
@Command(name = "wardwatch", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Security platform for connected medical devices on hospital networks.",
        subcommands = {
            AnalyzeCommand.class,
            SimulateCommand.class,
            DemoCommand.class,
            InventoryCommand.class,
            EvaluateCommand.class,
            IntelCommand.class,
            FindingsCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new Errors());
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"wardwatch " + (v == null ? "development build" : v)};
        }
    }
}

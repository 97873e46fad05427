package org.wardwatch.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.wardwatch.sim.attack.Attack;
import org.wardwatch.sim.attack.AttackPlanner;
import org.wardwatch.sim.catalog.Catalog;
import org.wardwatch.sim.hospital.Hospital;
import org.wardwatch.sim.hospital.HospitalBuilder;
import org.wardwatch.sim.traffic.Behaviors;
import org.wardwatch.sim.traffic.Network;
import org.wardwatch.sim.traffic.Out;
import org.wardwatch.sim.traffic.Task;
import org.wardwatch.sim.truth.TruthWriter;
import org.wardwatch.sim.wire.Conversation;
import org.wardwatch.sim.wire.Scheduler;

/**
 * Runs a simulation: builds the hospital, then walks time in one-second slices. In each slice the
 * tasks due fire and start conversations; then every frame earlier than the slice's end is written
 * in time order. Memory holds the tasks (a few per device) and the conversations alive at the
 * moment, never the capture. Single-threaded and seeded: the same configuration gives the same bytes.
 */
public final class Simulator {
    private static final long SLICE = 1_000_000_000L;
    /** Live-conversation cap; beyond it new conversations are dropped and counted (bounded memory). */
    public static final int MAX_LIVE_CONVERSATIONS = 2_000_000;

    /** Progress callback: simulated nanoseconds done out of the total. */
    public interface Progress {
        void update(long doneNanos, long totalNanos, long packets);
    }

    private Simulator() {
    }

    /** The hospital a configuration describes (what {@link #run} will simulate). */
    public static Hospital hospital(SimulationConfig config, Catalog catalog) {
        return HospitalBuilder.build(catalog, config.beds(), config.topology(), config.seed(),
                config.attacks().contains(AttackKind.ARP_SPOOF));
    }

    public static SimulationResult run(SimulationConfig config, Path capture, Progress progress) throws IOException {
        long t0 = System.nanoTime();
        Catalog catalog = Catalog.load();
        Hospital hospital = hospital(config, catalog);
        long start = config.startNanos();
        long end = config.endNanos();
        Network net = new Network(hospital, config.seed());
        List<Task> tasks = new ArrayList<>(new Behaviors(hospital, catalog, net, start, end, config.seed()).build());
        AttackPlanner planner = new AttackPlanner(hospital, start, end, config.seed()).plan(config.attacks());
        tasks.addAll(planner.tasks());
        List<Attack> attacks = planner.attacks();

        record Due(long time, long order, Task task) {
        }
        PriorityQueue<Due> due = new PriorityQueue<>(Math.max(16, tasks.size()), (a, b) -> {
            int c = Long.compare(a.time(), b.time());
            return c != 0 ? c : Long.compare(a.order(), b.order());
        });
        long order = 0;
        for (Task t : tasks) {
            if (t.first() < end) {
                due.add(new Due(Math.max(start, t.first()), order++, t));
            }
        }
        Scheduler scheduler = new Scheduler(MAX_LIVE_CONVERSATIONS);
        Out out = new Out() {
            @Override
            public void add(Conversation c) {
                scheduler.add(c);
            }

            @Override
            public long end() {
                return end;
            }
        };
        Stats stats = new Stats(attacks.size());
        try (CaptureSink sink = CaptureSink.open(capture)) {
            Scheduler.Sink frames = (time, from, frame, length) -> {
                sink.write(time, frame, length);
                stats.frame(time, from.attack(), length);
            };
            for (long sliceEnd = start + SLICE; ; sliceEnd += SLICE) {
                long limit = Math.min(sliceEnd, end);
                while (!due.isEmpty() && due.peek().time() < limit) {
                    Due d = due.poll();
                    long next = d.task().fire(d.time(), out);
                    if (next < end) {
                        due.add(new Due(next, order++, d.task()));
                    }
                }
                scheduler.drainUntil(sliceEnd, frames);
                if (progress != null) {
                    progress.update(Math.min(sliceEnd, end) - start, end - start, stats.packets);
                }
                if (sliceEnd >= end) {
                    break;
                }
            }
            scheduler.drainAll(frames);
        }
        Path truth = truthPath(capture);
        long elapsed = System.nanoTime() - t0;
        TruthWriter.write(truth, config, catalog, hospital, attacks, stats.attackFirst, stats.attackLast, stats.attackPackets,
                capture, stats.packets, stats.bytes, stats.first, stats.last);
        return new SimulationResult(capture, truth, hospital.devices().size(), attacks.size(), stats.packets, stats.bytes, elapsed,
                scheduler.peakLive(), scheduler.dropped());
    }

    /** {@code FILE.truth.json} beside the capture. */
    public static Path truthPath(Path capture) {
        return capture.resolveSibling(capture.getFileName().toString() + ".truth.json");
    }

    private static final class Stats {
        long packets;
        long bytes;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        final long[] attackFirst;
        final long[] attackLast;
        final long[] attackPackets;

        Stats(int attacks) {
            attackFirst = new long[attacks];
            attackLast = new long[attacks];
            attackPackets = new long[attacks];
            java.util.Arrays.fill(attackFirst, Long.MAX_VALUE);
            java.util.Arrays.fill(attackLast, Long.MIN_VALUE);
        }

        void frame(long time, int attack, int length) {
            packets++;
            bytes += length;
            first = Math.min(first, time);
            last = Math.max(last, time);
            if (attack >= 0) {
                attackPackets[attack]++;
                attackFirst[attack] = Math.min(attackFirst[attack], time);
                attackLast[attack] = Math.max(attackLast[attack], time);
            }
        }
    }
}

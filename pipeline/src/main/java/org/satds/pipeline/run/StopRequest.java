package org.satds.pipeline.run;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (SIGINT, or SIGTERM from a batch system) as a request to stop rather than an abrupt end: a shutdown hook
 * raises the request, which a runner given {@link #requested} honours (no new sample starts, those in progress
 * finish), and then holds the JVM open until the command has written what it finished and said how to go on
 * ({@link #close}), or until a grace period has passed.
 */
public final class StopRequest implements AutoCloseable {
    /** How long the JVM waits for the samples in progress and the partial outputs before it ends anyway. */
    static final long GRACE_SECONDS = 120;

    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private StopRequest(PrintStream log) {
        hook = new Thread(() -> {
            requested.set(true);
            log.println("\ninterrupted: finishing the samples in progress, then writing what is done ...");
            try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "satds-stop");
    }

    /** Listens for Ctrl-C until {@link #close}; the notice that it was heard goes to {@code log}. */
    public static StopRequest onSignal(PrintStream log) {
        StopRequest s = new StopRequest(log);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    public boolean requested() {
        return requested.get();
    }

    /** The command is done (its outputs are written): the JVM may end now. */
    @Override
    public void close() {
        finished.countDown();
        if (!requested.get()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already: the hook runs and returns at once
            }
        }
    }
}

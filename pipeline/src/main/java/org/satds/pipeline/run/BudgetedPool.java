package org.satds.pipeline.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.IntStream;

/**
 * Runs jobs on {@code threads} workers, each started once its estimated memory fits what the running ones leave
 * of the budget, largest first (so big ones do not straggle at the end). The jobs and the parallel loops inside
 * them share the one pool: a job's parallel loop uses the workers no other job occupies, so jobs in flight and
 * threads per job never add up to more threads than asked for (docs/performance.md).
 */
public final class BudgetedPool {
    private BudgetedPool() {}

    /** @return the jobs' results in the jobs' order; a job must catch its own failures */
    public static <R> List<R> run(List<? extends Callable<R>> jobs, long[] bytes, int threads, long memoryBytes)
            throws InterruptedException {
        // the budget in MiB, as a Semaphore counts in ints; fair, so a large job is not overtaken forever
        int budget = (int) Math.max(1, Math.min(Integer.MAX_VALUE, memoryBytes >> 20));
        Semaphore memory = new Semaphore(budget, true);
        List<Integer> order = IntStream.range(0, jobs.size()).boxed()
                .sorted(Comparator.<Integer>comparingLong(j -> -bytes[j]).thenComparingInt(j -> j)).toList();
        List<Callable<R>> admitted = new ArrayList<>();
        for (int j : order) {
            // a job larger than the whole budget takes all of it, so it runs alone rather than never
            int permits = (int) Math.max(1, Math.min(budget, (bytes[j] + (1 << 20) - 1) >> 20));
            Callable<R> job = jobs.get(j);
            admitted.add(() -> {
                memory.acquire(permits);
                try {
                    return job.call();
                } finally {
                    memory.release(permits);
                    HeapReuse.sampleDone(bytes[j]);
                }
            });
        }
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            List<Future<R>> done = pool.invokeAll(admitted);
            List<R> results = new ArrayList<>(jobs.size());
            for (int i = 0; i < jobs.size(); i++) results.add(null);
            for (int i = 0; i < order.size(); i++) results.set(order.get(i), done.get(i).get());
            return results;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a worker failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}

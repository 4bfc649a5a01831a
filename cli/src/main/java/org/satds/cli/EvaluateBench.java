package org.satds.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.satds.core.metrics.SegmentationScores;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.bench.SyntheticCollection;
import org.satds.pipeline.convert.NpyConverter;
import org.satds.pipeline.demo.StandInPredictions;
import org.satds.pipeline.evaluate.Evaluation;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.npy.NpyLoader;
import org.satds.pipeline.run.ConvertRunner;

/**
 * `satds bench --evaluate`: the bench CT converted, its 4 labels against stand-in predictions (each moved one
 * voxel along the 3 mm axis). Prints what it ran: the metric alone in this process, a whole `satds evaluate` in a
 * fresh JVM (start, reading and writing included), and many pairs with each thread count.
 */
public final class EvaluateBench {
    private EvaluateBench() {}

    /** The cold run, in a fresh JVM: {@code <work> <labels...>}; prints JVM start to main, the cold metric, CPU. */
    public static void main(String[] args) throws Exception {
        long toMain = ManagementFactory.getRuntimeMXBean().getUptime();
        Path work = Path.of(args[0]);
        ObjectNode converted = Jsonl.read(work.resolve("converted.jsonl")).get(0);
        int[] shape = shape(converted);
        byte[][][] masks = masks(converted, work, shape);
        long cpu0 = cpu(), t0 = System.nanoTime();
        for (int i = 0; i < masks[0].length; i++) nsd(masks[1][i], masks[0][i], shape);
        System.out.printf("%d %d %d%n", toMain, (System.nanoTime() - t0) / 1_000_000, (cpu() - cpu0) / 1_000_000);
    }

    private static int[] shape(ObjectNode converted) {
        return new int[] {converted.get("chwd").get(1).asInt(), converted.get("chwd").get(2).asInt(), converted.get("chwd").get(3).asInt()};
    }

    /** {truth, prediction} of each label. */
    private static byte[][][] masks(ObjectNode converted, Path work, int[] shape) throws Exception {
        int n = converted.get("label").size();
        byte[][][] m = new byte[2][n][];
        for (int i = 0; i < n; i++) {
            m[0][i] = NpyLoader.mask(converted, work, i);
            m[1][i] = Evaluation.prediction(work.resolve("pred/AbdomenCT1K/seg_0/" + converted.get("label").get(i).asText() + ".nii.gz"), shape);
        }
        return m;
    }

    private static void nsd(byte[] pred, byte[] truth, int[] shape) {
        SegmentationScores.of(pred, truth, shape, SegmentationScores.SAT_SPACING, SegmentationScores.SAT_TOLERANCE_MM, true);
    }

    /** CPU time of this process (all threads), ns. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static int run(Path work, int repeat, int pairs, List<Integer> threads) throws Exception {
        ObjectNode converted = new NpyConverter(new SampleLoader(RecipeBook.builtIn()), work.resolve("npy").toString(), work)
                .convert(SyntheticCollection.ct(work), 0);
        Path gt = work.resolve("converted.jsonl"), pred = work.resolve("pred");
        Jsonl.write(gt, List.of(converted));
        StandInPredictions.write(List.of(converted), work, pred);
        int[] shape = shape(converted);
        int labels = converted.get("label").size();
        System.out.printf("converted grid %dx%dx%d, %d labels%n", shape[0], shape[1], shape[2], labels);
        byte[][][] masks = masks(converted, work, shape);
        double dice = Double.MAX_VALUE, nsd = Double.MAX_VALUE, nsdCpu = Double.MAX_VALUE;
        for (int r = 0; r <= repeat; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < labels; i++) SegmentationScores.dice(masks[1][i], masks[0][i]);
            long t1 = System.nanoTime(), c1 = cpu();
            for (int i = 0; i < labels; i++) nsd(masks[1][i], masks[0][i], shape);
            long t2 = System.nanoTime(), c2 = cpu();
            if (r == 0) continue; // warm-up
            dice = Math.min(dice, (t1 - t0) / 1e9);
            nsd = Math.min(nsd, (t2 - t1) / 1e9);
            nsdCpu = Math.min(nsdCpu, (c2 - c1) / 1e9);
        }
        System.out.printf("in process, warm, masks in memory, %d labels one after another: Dice %.3f s; Dice+NSD %.3f s (CPU %.3f s)"
                + " (best of %d)%n", labels, dice, nsd, nsdCpu, repeat);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long[] cold = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        for (int r = 0; r < repeat; r++) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), EvaluateBench.class.getName(), work.toString())
                    .redirectErrorStream(true).start();
            String[] v = new String(p.getInputStream().readAllBytes()).trim().split(" ");
            if (p.waitFor() != 0 || v.length != 3) throw new IllegalStateException("cold run failed: " + String.join(" ", v));
            for (int i = 0; i < 3; i++) cold[i] = Math.min(cold[i], Long.parseLong(v[i]));
        }
        System.out.printf("fresh JVM, cold: start to main %.3f s + Dice+NSD of the %d labels %.3f s (CPU %.3f s) = %.3f s (best of %d)%n",
                cold[0] / 1e3, labels, cold[1] / 1e3, cold[2] / 1e3, (cold[0] + cold[1]) / 1e3, repeat);
        double fresh = Double.MAX_VALUE;
        for (int r = 0; r < repeat; r++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "evaluate",
                    "--gt", gt.toString(), "--data-root", work.toString(), "--pred", pred.toString(),
                    "--out", work.resolve("out").toString(), "--no-progress").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) throw new IllegalStateException("satds evaluate exited with " + p.exitValue());
            fresh = Math.min(fresh, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("fresh JVM, `satds evaluate` of the %d pairs (start, reading npy and nii.gz, scoring, reports): %.2f s (best of %d)%n",
                labels, fresh, repeat);

        List<ObjectNode> many = new ArrayList<>();
        for (int i = 0; i < (pairs + labels - 1) / labels; i++) many.add(converted);
        double first = 0;
        for (int t : threads) {
            Evaluation.Result r = Evaluation.converted(many, work, pred,
                    new Evaluation.Options(true, false, SegmentationScores.SAT_TOLERANCE_MM, ConvertRunner.Options.defaults().withThreads(t)));
            if (first == 0) first = r.seconds();
            System.out.printf("%d pairs, %d thread%s: %.1f s, %.1f pairs/s, %.2fx the first%n", r.scores().size(), t, t == 1 ? "" : "s",
                    r.seconds(), r.scores().size() / r.seconds(), first / r.seconds());
        }
        return 0;
    }
}

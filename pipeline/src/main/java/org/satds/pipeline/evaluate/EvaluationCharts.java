package org.satds.pipeline.evaluate;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.satds.core.io.AtomicFiles;

/**
 * The pictures of an evaluation: datasets.png (each dataset's Dice and NSD, SAT's dataset rows, as bars) and
 * classes.png (the spread of per-sample Dice of each class merged across datasets, worst classes first).
 */
final class EvaluationCharts {
    static {
        // charts are drawn on servers without a display; must be decided before AWT first initializes
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    /** Pixels per category row, chart width, and the most classes one picture shows (the worst ones). */
    private static final int ROW = 22, WIDTH = 900, MAX_CLASSES = 80;

    private EvaluationCharts() {}

    static void write(Evaluation.Result r, List<Summary.Row> sat, Path out) throws IOException {
        boolean nsd = r.scores().stream().anyMatch(s -> !Double.isNaN(s.nsd()));
        DefaultCategoryDataset datasets = new DefaultCategoryDataset();
        for (Summary.Row row : sat) {
            if (row.name().contains(", ")) continue;
            datasets.addValue(row.dice(), "Dice", row.name());
            if (nsd) datasets.addValue(row.nsd(), "NSD", row.name());
        }
        JFreeChart bars = ChartFactory.createBarChart("Dice and NSD per dataset", null, "score", datasets,
                PlotOrientation.HORIZONTAL, true, false, false);
        CategoryPlot plot = bars.getCategoryPlot();
        plot.getRangeAxis().setRange(0, 1);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, new Color(0x3b75af));
        renderer.setSeriesPaint(1, new Color(0xef8636));
        style(plot);
        png(out.resolve("datasets.png"), bars, datasets.getColumnCount());

        Map<String, List<Double>> dice = new LinkedHashMap<>();
        for (Evaluation.Score s : r.scores())
            dice.computeIfAbsent(s.modality() + "_" + s.label().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(s.dice());
        List<Map.Entry<String, List<Double>>> worst = new ArrayList<>(dice.entrySet());
        worst.sort(Comparator.comparingDouble(e -> e.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(0)));
        DefaultBoxAndWhiskerCategoryDataset classes = new DefaultBoxAndWhiskerCategoryDataset();
        for (Map.Entry<String, List<Double>> e : worst.subList(0, Math.min(MAX_CLASSES, worst.size())))
            classes.add(e.getValue(), "Dice", e.getKey());
        String title = worst.size() > MAX_CLASSES ? "Dice per sample, the " + MAX_CLASSES + " worst of " + worst.size() + " classes"
                : "Dice per sample, by class";
        JFreeChart box = ChartFactory.createBoxAndWhiskerChart(title, null, "Dice", classes, false);
        CategoryPlot boxPlot = box.getCategoryPlot();
        boxPlot.setOrientation(PlotOrientation.HORIZONTAL);
        boxPlot.getRangeAxis().setRange(0, 1.02);
        BoxAndWhiskerRenderer boxes = (BoxAndWhiskerRenderer) boxPlot.getRenderer();
        boxes.setSeriesPaint(0, new Color(0x3b75af));
        boxes.setMeanVisible(true); // a class with one sample has no box, only its mean
        style(boxPlot);
        png(out.resolve("classes.png"), box, classes.getColumnCount());
    }

    private static void style(CategoryPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        CategoryAxis axis = plot.getDomainAxis();
        axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        axis.setMaximumCategoryLabelWidthRatio(0.45f);
    }

    private static void png(Path file, JFreeChart chart, int rows) throws IOException {
        int height = 120 + ROW * Math.max(3, rows);
        AtomicFiles.write(file, o -> ChartUtils.writeChartAsPNG(o, chart, WIDTH, height));
    }
}

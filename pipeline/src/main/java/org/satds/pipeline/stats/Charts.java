package org.satds.pipeline.stats;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/** The report's charts (JFreeChart), each drawn as an inline SVG element (JFreeSVG) in one consistent style. */
final class Charts {
    static final Color INK = new Color(0x1f2937), GRID = new Color(0xe5e7eb), BLUE = new Color(0x2563eb),
            ORANGE = new Color(0xea580c), GREEN = new Color(0x16a34a), RED = new Color(0xdc2626), GREY = new Color(0x9ca3af);
    static final int WIDTH = 420, HEIGHT = 300;
    /** Pixels per category row of the per-class charts, which grow with the number of classes. */
    static final int ROW = 16;
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 11), TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);

    static {
        // charts are drawn on servers without a display
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /**
     * Draws each kind of chart once on made-up data, so that JFreeChart's classes and code for it are ready before
     * the report needs them ({@link Stats#warmUp}).
     */
    static void warmUp() {
        List<double[]> spacings = List.of(new double[] {0.8, 0.8, 5}, new double[] {1, 1, 3});
        svg(spacingByGroup(Map.of("CT", spacings)), WIDTH, HEIGHT, "w-a");
        svg(spacing("", spacings, List.of(true, false)), WIDTH, HEIGHT, "w-s");
        svg(sizes("", List.of(new int[] {200, 180, 60}, new int[] {210, 170, 80})), WIDTH, HEIGHT, "w-z");
        svg(intensityBands("", "HU", List.of(new double[] {-100, 0, 50, 200, 900}, new double[] {-90, 10, 60, 210, 1000})), WIDTH, HEIGHT, "w-i");
        svg(presence("", List.of("liver", "spleen"), List.of(100.0, 2.0)), WIDTH, HEIGHT, "w-p");
        svg(volumes("", List.of("liver", "spleen"), List.of(List.of(1500.0, 1700.0), List.of(200.0))), WIDTH, HEIGHT, "w-v");
    }

    /** The chart as an SVG element; {@code id} keeps the element's definitions apart from the other charts'. */
    static String svg(JFreeChart chart, int width, int height, String id) {
        style(chart);
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix(id + "-");
        // two decimals of a pixel are plenty, and keep the page a fraction of the size of full doubles
        g.setGeomDoubleConverter(d -> Double.toString(Math.round(d * 100) / 100.0));
        g.setTransformDoubleConverter(d -> Double.toString(Math.round(d * 1000) / 1000.0));
        chart.draw(g, new Rectangle(width, height));
        return g.getSVGElement(id);
    }

    /** Fonts, colours and flat bars set directly: a theme would also repaint the series in its own colours. */
    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(6, 6, 6, 6));
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(TITLE);
            chart.getTitle().setPaint(INK);
        }
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(TEXT);
            chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
        }
        List<org.jfree.chart.axis.Axis> axes = new java.util.ArrayList<>();
        if (chart.getPlot() instanceof XYPlot p) {
            p.setBackgroundPaint(Color.WHITE);
            p.setDomainGridlinePaint(GRID);
            p.setRangeGridlinePaint(GRID);
            axes.add(p.getDomainAxis());
            axes.add(p.getRangeAxis());
            if (p.getRenderer() instanceof XYBarRenderer r) r.setBarPainter(new StandardXYBarPainter());
        } else if (chart.getPlot() instanceof CategoryPlot p) {
            p.setBackgroundPaint(Color.WHITE);
            p.setRangeGridlinePaint(GRID);
            axes.add(p.getDomainAxis());
            axes.add(p.getRangeAxis());
            if (p.getRenderer() instanceof BarRenderer r) r.setBarPainter(new StandardBarPainter());
        }
        for (org.jfree.chart.axis.Axis a : axes) {
            a.setLabelFont(TEXT);
            a.setTickLabelFont(TEXT);
            a.setLabelPaint(INK);
            a.setTickLabelPaint(INK);
        }
        chart.getPlot().setOutlineVisible(false);
    }

    /** Native spacing of every sample of the collection, one colour per modality. */
    static JFreeChart spacingByGroup(Map<String, List<double[]>> spacings) {
        XYSeriesCollection data = new XYSeriesCollection();
        spacings.forEach((group, list) -> {
            XYSeries series = new XYSeries(group);
            for (double[] s : list) {
                double[] t = s.clone();
                java.util.Arrays.sort(t);
                series.add((t[0] + t[1]) / 2, t[2]);
            }
            data.addSeries(series);
        });
        NumberAxis x = new NumberAxis("in-plane spacing (mm)"), y = new NumberAxis("slice spacing, coarsest side (mm)");
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        Color[] palette = {BLUE, ORANGE, GREEN, RED, new Color(0x7c3aed), GREY};
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesPaint(i, palette[i % palette.length]);
            r.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        return new JFreeChart("Native spacing of every sample", null, new XYPlot(data, x, y, r), true);
    }

    /** Native spacing of each sample: in-plane (the mean of the two finest sides) against the coarsest side. */
    static JFreeChart spacing(String title, List<double[]> spacings, List<Boolean> outlier) {
        XYSeries normal = new XYSeries("sample"), odd = new XYSeries("outlier");
        for (int i = 0; i < spacings.size(); i++) {
            double[] s = spacings.get(i).clone();
            java.util.Arrays.sort(s);
            (outlier.get(i) ? odd : normal).add((s[0] + s[1]) / 2, s[2]);
        }
        XYSeriesCollection data = new XYSeriesCollection(normal);
        if (!odd.isEmpty()) data.addSeries(odd);
        NumberAxis x = new NumberAxis("in-plane spacing (mm)"), y = new NumberAxis("slice spacing, coarsest side (mm)");
        x.setAutoRangeIncludesZero(true);
        y.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesPaint(0, BLUE);
        r.setSeriesPaint(1, RED);
        r.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        r.setSeriesShape(1, new Ellipse2D.Double(-5, -5, 10, 10));
        XYPlot plot = new XYPlot(data, x, y, r);
        return new JFreeChart(title, null, plot, !odd.isEmpty());
    }

    /** Histograms of the normalized shape's three sides (voxels of the 1 x 1 x 3 mm grid). */
    static JFreeChart sizes(String title, List<int[]> shapes) {
        HistogramDataset data = new HistogramDataset();
        String[] names = {"H (1 mm)", "W (1 mm)", "D (3 mm)"};
        // the same bins for the three sides, at least a voxel wide, so that equal sizes make a visible bar
        int lo = shapes.stream().flatMapToInt(java.util.Arrays::stream).min().orElse(0);
        int hi = shapes.stream().flatMapToInt(java.util.Arrays::stream).max().orElse(1);
        int bins = Math.max(1, Math.min(30, hi - lo + 1));
        double width = Math.max(1, (hi - lo + 1.0) / bins);
        for (int a = 0; a < 3; a++) {
            double[] v = new double[shapes.size()];
            for (int i = 0; i < v.length; i++) v[i] = shapes.get(i)[a];
            data.addSeries(names[a], v, bins, lo - 0.5, lo - 0.5 + bins * width);
        }
        XYBarRenderer r = new XYBarRenderer(0.1);
        r.setSeriesPaint(0, new Color(37, 99, 235, 170));
        r.setSeriesPaint(1, new Color(234, 88, 12, 170));
        r.setSeriesPaint(2, new Color(22, 163, 74, 170));
        r.setShadowVisible(false);
        NumberAxis y = new NumberAxis("samples");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYPlot plot = new XYPlot(data, new NumberAxis("normalized size (voxels)"), y, r);
        return new JFreeChart(title, null, plot, true);
    }

    /** Percentage of samples in which each class is present; rare ones in red. */
    static JFreeChart presence(String title, List<String> classes, List<Double> percent) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int i = 0; i < classes.size(); i++) data.addValue(percent.get(i), "present", classes.get(i));
        BarRenderer r = new BarRenderer() {
            @Override
            public java.awt.Paint getItemPaint(int row, int column) {
                return percent.get(column) < 100 * Summary.RARE ? RED : BLUE;
            }
        };
        r.setShadowVisible(false);
        r.setMaximumBarWidth(0.8);
        NumberAxis y = new NumberAxis("% of samples");
        y.setRange(0, 100);
        CategoryPlot plot = new CategoryPlot(data, classAxis(), y, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        return new JFreeChart(title, null, plot, false);
    }

    /** Box plots of each class's volume over the samples where it is present (log scale). */
    static JFreeChart volumes(String title, List<String> classes, List<List<Double>> volumes) {
        DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
        for (int i = 0; i < classes.size(); i++) data.add(volumes.get(i), "volume", classes.get(i));
        BoxAndWhiskerRenderer r = new BoxAndWhiskerRenderer();
        r.setSeriesPaint(0, new Color(37, 99, 235, 120));
        r.setSeriesOutlinePaint(0, BLUE);
        r.setDefaultOutlinePaint(BLUE);
        r.setMeanVisible(false);
        r.setMaximumBarWidth(0.7);
        r.setArtifactPaint(INK);
        // LogarithmicAxis labels ticks as plain text (LogAxis draws 10^n as glyph outlines, ten times the size)
        LogarithmicAxis y = new LogarithmicAxis("volume (ml, log scale)");
        y.setStrictValuesFlag(false);
        CategoryPlot plot = new CategoryPlot(data, classAxis(), y, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        return new JFreeChart(title, null, plot, false);
    }

    private static CategoryAxis classAxis() {
        CategoryAxis x = new CategoryAxis();
        x.setCategoryMargin(0.15);
        x.setLowerMargin(0.01);
        x.setUpperMargin(0.01);
        x.setMaximumCategoryLabelWidthRatio(0.45f);
        return x;
    }

    /**
     * Foreground intensities per sample, samples sorted by their median: the 0.5-99.5 percentile band around the
     * median line, and min..max as a lighter band.
     */
    static JFreeChart intensityBands(String title, String unit, List<double[]> minP005MedianP995Max) {
        List<double[]> sorted = minP005MedianP995Max.stream().sorted(java.util.Comparator.comparingDouble(f -> f[2])).toList();
        YIntervalSeries outer = new YIntervalSeries("min – max"), inner = new YIntervalSeries("0.5 – 99.5 percentile, median");
        for (int i = 0; i < sorted.size(); i++) {
            double[] f = sorted.get(i);
            outer.add(i + 1, f[2], f[0], f[4]);
            inner.add(i + 1, f[2], f[1], f[3]);
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(outer);
        data.addSeries(inner);
        DeviationRenderer r = new DeviationRenderer(true, sorted.size() == 1);
        r.setSeriesPaint(0, GREY);
        r.setSeriesFillPaint(0, GREY);
        r.setSeriesPaint(1, BLUE);
        r.setSeriesFillPaint(1, BLUE);
        r.setSeriesStroke(0, new BasicStroke(0.5f));
        r.setSeriesStroke(1, new BasicStroke(2f));
        r.setAlpha(0.3f);
        NumberAxis x = new NumberAxis("samples, by foreground median");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = new NumberAxis("native intensity" + (unit.isEmpty() ? "" : " (" + unit + ")"));
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, r);
        return new JFreeChart(title, null, plot, true);
    }

    /** Samples per dataset, read and failed, for the collection overview. */
    static JFreeChart samplesPerDataset(List<String> datasets, List<Integer> ok, List<Integer> failed) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int i = 0; i < datasets.size(); i++) {
            data.addValue(ok.get(i), "summarized", datasets.get(i));
            data.addValue(failed.get(i), "failed", datasets.get(i));
        }
        org.jfree.chart.renderer.category.StackedBarRenderer r = new org.jfree.chart.renderer.category.StackedBarRenderer();
        r.setSeriesPaint(0, BLUE);
        r.setSeriesPaint(1, RED);
        r.setShadowVisible(false);
        r.setMaximumBarWidth(0.8);
        NumberAxis y = new NumberAxis("samples");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CategoryPlot plot = new CategoryPlot(data, classAxis(), y, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        return new JFreeChart("Samples per dataset", null, plot, true);
    }
}

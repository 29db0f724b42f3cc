package io.acd.loadtest.report;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain line chart written as PNG with Java2D: enough for a report's time series without a charting
 * dependency (none is needed for lines, axes and a legend).
 */
public final class LineChart {

    public record Series(String name, double[] y, Color color) {
    }

    /** Colours told apart also by colour-blind readers (Okabe and Ito), black first. */
    static final Color[] PALETTE = {new Color(0, 0, 0), new Color(0, 114, 178), new Color(213, 94, 0),
            new Color(0, 158, 115), new Color(204, 121, 167), new Color(230, 159, 0), new Color(86, 180, 233)};

    private static final int WIDTH = 960;
    private static final int HEIGHT = 420;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final double[] x;
    private final List<Series> series = new ArrayList<>();
    private Double reference;
    private String referenceLabel;
    private final List<Double> markers = new ArrayList<>();
    private String markerLabel;

    public LineChart(String title, String xLabel, String yLabel, double[] x) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.x = x.clone();
    }

    /** The {@code i}-th colour of the palette, starting again after the last. */
    public static Color colour(int i) {
        return PALETTE[i % PALETTE.length];
    }

    public LineChart add(String name, double[] y, Color color) {
        if (y.length != x.length) {
            throw new IllegalArgumentException("Series " + name + " has " + y.length + " points, not " + x.length);
        }
        series.add(new Series(name, y.clone(), color));
        return this;
    }

    /** A dashed horizontal line, e.g. the formula's value. */
    public LineChart reference(double value, String label) {
        this.reference = value;
        this.referenceLabel = label;
        return this;
    }

    /** Dashed vertical lines at these x values, e.g. the moments a fault was injected; one legend entry. */
    public LineChart markers(List<Double> at, String label) {
        markers.addAll(at);
        markerLabel = label;
        return this;
    }

    public void write(Path file) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        double minX = x.length == 0 ? 0 : x[0];
        double maxX = x.length == 0 ? 1 : x[x.length - 1];
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : s.y()) {
                if (Double.isNaN(v)) {
                    continue;
                }
                minY = Math.min(minY, v);
                maxY = Math.max(maxY, v);
            }
        }
        if (reference != null) {
            minY = Math.min(minY, reference);
            maxY = Math.max(maxY, reference);
        }
        if (!Double.isFinite(minY)) {
            minY = 0;
            maxY = 1;
        }
        if (minY >= 0 && minY <= maxY - minY) {
            // Rates, shares and times are read against zero.
            minY = 0;
        }
        if (maxY == minY) {
            maxY = minY + Math.max(Math.abs(minY) * 0.1, 0.01);
        }
        double stepY = niceStep(maxY - minY);
        minY = Math.floor(minY / stepY) * stepY;
        maxY = Math.ceil(maxY / stepY) * stepY;
        if (maxX == minX) {
            maxX = minX + 1;
        }
        double stepX = niceStep(maxX - minX);

        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

        for (double yv = minY; yv <= maxY + stepY / 2; yv += stepY) {
            int py = toY(yv, minY, maxY, plotH);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(LEFT, py, LEFT + plotW, py);
            g.setColor(Color.DARK_GRAY);
            g.drawString(format(yv, stepY), 8, py + 4);
        }
        for (double xv = Math.ceil(minX / stepX) * stepX; xv <= maxX + stepX * 1e-9; xv += stepX) {
            g.drawString(format(xv, stepX), toX(xv, minX, maxX, plotW) - 15, TOP + plotH + 18);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.drawString(xLabel, LEFT + plotW / 2 - 40, HEIGHT - 15);
        g.drawString(yLabel, LEFT, TOP - 6);

        if (reference != null) {
            int py = toY(reference, minY, maxY, plotH);
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 6f}, 0f));
            g.drawLine(LEFT, py, LEFT + plotW, py);
            // Right-aligned to the plot, however long the label.
            g.drawString(referenceLabel, LEFT + plotW - g.getFontMetrics().stringWidth(referenceLabel) - 5, py - 5);
        }
        g.setStroke(new BasicStroke(2f));
        int legendX = LEFT + 10;
        for (Series s : series) {
            g.setColor(s.color());
            for (int i = 1; i < x.length; i++) {
                if (Double.isNaN(s.y()[i - 1]) || Double.isNaN(s.y()[i])) {
                    continue;
                }
                g.drawLine(toX(x[i - 1], minX, maxX, plotW), toY(s.y()[i - 1], minY, maxY, plotH),
                        toX(x[i], minX, maxX, plotW), toY(s.y()[i], minY, maxY, plotH));
            }
            if (x.length == 1) {
                g.fillOval(toX(x[0], minX, maxX, plotW) - 3, toY(s.y()[0], minY, maxY, plotH) - 3, 6, 6);
            }
            g.fillRect(legendX, TOP + 8, 14, 4);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), legendX + 18, TOP + 14);
            legendX += 30 + g.getFontMetrics().stringWidth(s.name());
        }
        if (!markers.isEmpty()) {
            Color red = new Color(200, 0, 0);
            g.setColor(red);
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
            for (double m : markers) {
                if (m >= minX && m <= maxX) {
                    int px = toX(m, minX, maxX, plotW);
                    g.drawLine(px, TOP, px, TOP + plotH);
                }
            }
            g.drawLine(legendX, TOP + 10, legendX + 14, TOP + 10);
            g.setColor(Color.BLACK);
            g.drawString(markerLabel, legendX + 18, TOP + 14);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static int toX(double v, double min, double max, int plotW) {
        return LEFT + (int) Math.round((v - min) / (max - min) * plotW);
    }

    private static int toY(double v, double min, double max, int plotH) {
        return TOP + plotH - (int) Math.round((v - min) / (max - min) * plotH);
    }

    /** A step of 1, 2 or 5 times a power of ten that cuts {@code range} into about five. */
    static double niceStep(double range) {
        double raw = range / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
    }

    /** A tick label with as many decimals as the step needs, thousands as "k" once they are large. */
    static String format(double v, double step) {
        if (Math.abs(v) >= 10_000 && step >= 1_000) {
            return String.format(Locale.ROOT, "%." + decimals(step / 1_000) + "fk", v / 1_000);
        }
        return String.format(Locale.ROOT, "%." + decimals(step) + "f", v);
    }

    private static int decimals(double step) {
        return Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    }
}

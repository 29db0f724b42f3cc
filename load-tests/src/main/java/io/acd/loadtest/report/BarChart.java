package io.acd.loadtest.report;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** A bar chart written as PNG with Java2D, for distributions such as a latency histogram. */
public final class BarChart {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 420;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final String[] labels;
    private final double[] values;
    private final Color color;

    /** One bar per label; every other label is written under the axis when they would crowd. */
    public BarChart(String title, String xLabel, String yLabel, String[] labels, double[] values, Color color) {
        if (labels.length != values.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + values.length + " bars");
        }
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.labels = labels.clone();
        this.values = values.clone();
        this.color = color;
    }

    public void write(Path file) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        if (max == 0) {
            max = 1;
        }
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 5; i++) {
            int py = TOP + plotH - (int) Math.round(plotH * i / 5.0);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(LEFT, py, LEFT + plotW, py);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, max * i / 5 >= 100 ? "%.0f" : "%.2f", max * i / 5), 8, py + 4);
        }
        int n = Math.max(1, values.length);
        double slot = plotW / (double) n;
        int every = Math.max(1, (int) Math.ceil(n * 60.0 / plotW));
        for (int i = 0; i < values.length; i++) {
            int h = (int) Math.round(values[i] / max * plotH);
            int x = LEFT + (int) Math.round(i * slot);
            g.setColor(color);
            g.fillRect(x + 1, TOP + plotH - h, Math.max(1, (int) slot - 2), h);
            if (i % every == 0) {
                g.setColor(Color.DARK_GRAY);
                g.drawString(labels[i], x, TOP + plotH + 16);
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.drawString(xLabel, LEFT + plotW / 2 - 60, HEIGHT - 15);
        g.drawString(yLabel, LEFT, TOP - 6);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}

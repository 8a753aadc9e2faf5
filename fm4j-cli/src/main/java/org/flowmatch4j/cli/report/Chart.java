package org.flowmatch4j.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flowmatch4j.io.AtomicFile;
import org.flowmatch4j.tensor.Matrix;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A small builder for the PNG figures of the reports: point clouds, trajectories, lines and a
 * diagonal, drawn with JFreeChart. Layers are drawn in the order they are added, later ones on top.
 */
public final class Chart {
  /** Colours for series without an explicit one (colour-blind friendly, Okabe-Ito). */
  public static final Color[] PALETTE = {
    new Color(0, 114, 178), new Color(230, 159, 0), new Color(0, 158, 115), new Color(204, 121, 167),
    new Color(86, 180, 233), new Color(213, 94, 0), new Color(240, 228, 66), new Color(0, 0, 0)
  };

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Layer> layers = new ArrayList<>();
  private boolean logX;
  private boolean diagonal;

  private record Layer(XYSeriesCollection data, XYLineAndShapeRenderer renderer) {}

  public Chart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** The colour for the k-th series of a figure. */
  public static Color color(int k) {
    return PALETTE[Math.floorMod(k, PALETTE.length)];
  }

  /** Anchors of the viridis colour map at 0, 1/4, 1/2, 3/4 and 1 (perceptually uniform, colour-blind safe). */
  private static final Color[] VIRIDIS = {
    new Color(68, 1, 84), new Color(59, 82, 139), new Color(33, 145, 140), new Color(94, 201, 98),
    new Color(253, 231, 37)
  };

  /**
   * The colour of the k-th of n ordered time points: viridis at position {@code 0.9 k / (n - 1)}
   * (dark purple for the first, yellow-green for the last; the palest tenth is left out), linearly
   * interpolated between its anchors, so that every time point has its own hue and later is lighter.
   */
  public static Color timeColor(int k, int n) {
    if (n < 1 || k < 0 || k >= n) {
      throw new IllegalArgumentException("time point " + k + " of " + n);
    }
    double pos = n == 1 ? 0 : 0.9 * k / (n - 1) * (VIRIDIS.length - 1);
    int i = Math.min((int) pos, VIRIDIS.length - 2);
    double f = pos - i;
    Color a = VIRIDIS[i];
    Color b = VIRIDIS[i + 1];
    return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
        (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
        (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
  }

  /** A colour with the given opacity in [0, 1]. */
  public static Color withAlpha(Color c, double alpha) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * alpha));
  }

  /** Adds the points (columns 0 and 1 of {@code xy}, at most {@code maxPoints} of them, evenly spaced). */
  public Chart points(String name, Matrix xy, Color color, double size, int maxPoints) {
    requireTwoColumns(xy, name);
    XYSeries s = new XYSeries(name, false, true);
    int stride = Math.max(1, (xy.rows + maxPoints - 1) / Math.max(1, maxPoints));
    for (int i = 0; i < xy.rows; i += stride) {
      s.add(xy.get(i, 0), xy.get(i, 1));
    }
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
    Shape dot = new Ellipse2D.Double(-size / 2, -size / 2, size, size);
    r.setSeriesShape(0, dot);
    r.setSeriesPaint(0, color);
    layers.add(new Layer(new XYSeriesCollection(s), r));
    return this;
  }

  /** Adds polylines, one per matrix of 2-D points in order (e.g. trajectories); one legend entry. */
  public Chart paths(String name, List<Matrix> polylines, Color color, float width) {
    XYSeriesCollection c = new XYSeriesCollection();
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    int k = 0;
    for (Matrix p : polylines) {
      requireTwoColumns(p, name);
      XYSeries s = new XYSeries(k == 0 ? name : name + " " + k, false, true);
      for (int i = 0; i < p.rows; i++) {
        s.add(p.get(i, 0), p.get(i, 1));
      }
      c.addSeries(s);
      r.setSeriesPaint(k, color);
      r.setSeriesStroke(k, new BasicStroke(width));
      r.setSeriesVisibleInLegend(k, k == 0);
      k++;
    }
    layers.add(new Layer(c, r));
    return this;
  }

  /** Adds a line through the points (x[i], y[i]) with markers. */
  public Chart line(String name, double[] x, double[] y, Color color) {
    return line(name, x, y, color, null);
  }

  /**
   * Adds a line through the points (x[i], y[i]) with markers, dashed with the pattern {@code dash}
   * (lengths of dashes and gaps in pixels; null for a solid line).
   */
  public Chart line(String name, double[] x, double[] y, Color color, float[] dash) {
    XYSeries s = new XYSeries(name, false, true);
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(y[i])) {
        s.add(x[i], y[i]);
      }
    }
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    r.setSeriesPaint(0, color);
    r.setSeriesStroke(0, dash == null ? new BasicStroke(2f)
        : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
    layers.add(new Layer(new XYSeriesCollection(s), r));
    return this;
  }

  /** Logarithmic x axis (e.g. for the number of function evaluations). */
  public Chart logX() {
    this.logX = true;
    return this;
  }

  /** Draws the line y = x over the data range (for predicted-versus-real plots). */
  public Chart diagonal() {
    this.diagonal = true;
    return this;
  }

  /** Renders the chart and writes it as a PNG of the given size, atomically. */
  public void writePng(Path file, int width, int height) throws IOException {
    JFreeChart chart = build();
    AtomicFile.write(file, tmp -> ChartUtils.saveChartAsPNG(tmp.toFile(), chart, width, height));
  }

  JFreeChart build() {
    XYPlot plot = new XYPlot();
    NumberAxis y = new NumberAxis(yLabel);
    y.setAutoRangeIncludesZero(false);
    plot.setRangeAxis(y);
    if (logX) {
      LogAxis x = new LogAxis(xLabel);
      x.setBase(2);
      x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      plot.setDomainAxis(x);
    } else {
      NumberAxis x = new NumberAxis(xLabel);
      x.setAutoRangeIncludesZero(false);
      plot.setDomainAxis(x);
    }
    int index = 0;
    if (diagonal) {
      double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
      for (Layer l : layers) {
        for (int s = 0; s < l.data.getSeriesCount(); s++) {
          XYSeries ser = l.data.getSeries(s);
          if (!ser.isEmpty()) {
            lo = Math.min(lo, Math.min(ser.getMinX(), ser.getMinY()));
            hi = Math.max(hi, Math.max(ser.getMaxX(), ser.getMaxY()));
          }
        }
      }
      if (lo < hi) {
        XYSeries d = new XYSeries("y = x");
        d.add(lo, lo);
        d.add(hi, hi);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, Color.GRAY);
        r.setSeriesStroke(0, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
        plot.setDataset(index, new XYSeriesCollection(d));
        plot.setRenderer(index, r);
        index++;
      }
    }
    for (Layer l : layers) {
      plot.setDataset(index, l.data);
      plot.setRenderer(index, l.renderer);
      index++;
    }
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(220, 220, 220));
    plot.setRangeGridlinePaint(new Color(220, 220, 220));
    plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.FORWARD);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static void requireTwoColumns(Matrix m, String name) {
    if (m.cols < 2) {
      throw new IllegalArgumentException(name + ": a 2-D plot needs at least 2 columns, got " + m.cols);
    }
  }
}

package chorus.loadtest.bench;

import java.util.List;
import java.util.Locale;

/**
 * Hand-written SVG line charts, so the report needs nothing from the network to be viewed.
 * Percentile charts put the x axis on a "nines" scale (50, 90, 99, 99.9 equally spaced).
 */
final class Svg {
  private static final int W = 640;
  private static final int H = 300;
  private static final int LEFT = 60;
  private static final int RIGHT = 140;
  private static final int TOP = 30;
  private static final int BOTTOM = 40;
  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};

  record Series(String name, List<double[]> points) {}

  private Svg() {}

  /** x = percentile (0..100) on the nines scale, y = milliseconds. */
  static String percentiles(String title, List<Series> series) {
    List<Series> mapped = series.stream().map(s -> new Series(s.name(), s.points().stream()
        .map(p -> new double[] {nines(p[0]), p[1]}).toList())).toList();
    return chart(title, "percentile", "ms", mapped, true);
  }

  static String lines(String title, String xLabel, String yLabel, List<Series> series) {
    return chart(title, xLabel, yLabel, series, false);
  }

  private static double nines(double percentile) {
    return -Math.log10(Math.max(1e-6, 1 - Math.min(percentile, 99.9999) / 100));
  }

  private static String chart(String title, String xLabel, String yLabel, List<Series> series, boolean ninesAxis) {
    double maxX = 1e-9;
    double maxY = 1e-9;
    for (Series s : series) {
      for (double[] p : s.points()) {
        maxX = Math.max(maxX, p[0]);
        maxY = Math.max(maxY, p[1]);
      }
    }
    maxY *= 1.05;
    double plotW = W - LEFT - RIGHT;
    double plotH = H - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='11'>", W, H));
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='18' font-size='13' font-weight='bold'>%s</text>", LEFT, esc(title)));
    svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%.0f' height='%.0f' fill='none' stroke='#999'/>", LEFT, TOP, plotW, plotH));
    for (int i = 0; i <= 4; i++) {
      double v = maxY * i / 4;
      double y = TOP + plotH - plotH * i / 4;
      svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%.0f' y1='%.1f' y2='%.1f' stroke='#eee'/>", LEFT, LEFT + plotW, y, y));
      svg.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' text-anchor='end'>%s</text>", LEFT - 4, y + 4, label(v)));
    }
    if (ninesAxis) {
      String[] names = {"0", "90", "99", "99.9", "99.99"};
      for (int i = 0; i < names.length && i <= Math.ceil(maxX); i++) {
        double x = LEFT + plotW * i / Math.max(1, Math.ceil(maxX));
        svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%s</text>", x, TOP + (int) plotH + 14, names[i]));
      }
      maxX = Math.max(1, Math.ceil(maxX));
    } else {
      for (int i = 0; i <= 4; i++) {
        double v = maxX * i / 4;
        svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%s</text>", LEFT + plotW * i / 4, TOP + (int) plotH + 14, label(v)));
      }
    }
    svg.append(String.format(Locale.ROOT, "<text x='%.0f' y='%d' text-anchor='middle'>%s</text>", LEFT + plotW / 2, H - 6, esc(xLabel)));
    svg.append(String.format(Locale.ROOT, "<text x='12' y='%.0f' transform='rotate(-90 12 %.0f)' text-anchor='middle'>%s</text>",
        TOP + plotH / 2, TOP + plotH / 2, esc(yLabel)));
    for (int s = 0; s < series.size(); s++) {
      String color = COLORS[s % COLORS.length];
      StringBuilder path = new StringBuilder();
      for (double[] p : series.get(s).points()) {
        double x = LEFT + plotW * p[0] / maxX;
        double y = TOP + plotH - plotH * p[1] / maxY;
        path.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      svg.append(String.format(Locale.ROOT, "<polyline fill='none' stroke='%s' stroke-width='1.5' points='%s'/>", color, path.toString().trim()));
      if (series.get(s).points().size() == 1) {
        double[] p = series.get(s).points().get(0);
        svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' fill='%s'/>", LEFT + plotW * p[0] / maxX, TOP + plotH - plotH * p[1] / maxY, color));
      }
      int ly = TOP + 12 + s * 16;
      svg.append(String.format(Locale.ROOT, "<line x1='%.0f' x2='%.0f' y1='%d' y2='%d' stroke='%s' stroke-width='3'/>", LEFT + plotW + 10, LEFT + plotW + 26, ly - 4, ly - 4, color));
      svg.append(String.format(Locale.ROOT, "<text x='%.0f' y='%d'>%s</text>", LEFT + plotW + 30, ly, esc(series.get(s).name())));
    }
    return svg.append("</svg>").toString();
  }

  private static String label(double v) {
    return v >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
  }
}

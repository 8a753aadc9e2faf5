package org.flowmatch4j.ot;

/** Compensated (Neumaier) summation: the sum of many terms to within about one rounding. */
final class Sum {
  private double sum;
  private double comp;

  void add(double v) {
    double t = sum + v;
    if (Math.abs(sum) >= Math.abs(v)) {
      comp += (sum - t) + v;
    } else {
      comp += (v - t) + sum;
    }
    sum = t;
  }

  double value() {
    return sum + comp;
  }
}

package org.flowmatch4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowmatch4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
  @TempDir Path dir;

  @Test
  void quotingDelimitersAndTypes() throws IOException {
    Path f = dir.resolve("cells.csv");
    Files.writeString(f, "\uFEFFtime,\"cell, type\",x1,x2\r\n0,\"T \"\"naive\"\"\",1.5,2\r\n1,B,-3e-1,4\r\n1,B,5,6\r\n\r\n");
    Csv.Table t = Csv.read(f);
    assertArrayEquals(new String[] {"time", "cell, type", "x1", "x2"}, t.header());
    assertEquals(3, t.rows());
    assertEquals("T \"naive\"", t.column("cell, type")[0]);
    AnnData a = t.toAnnData("time");
    assertEquals(List.of("time", "cell, type"), List.copyOf(a.obs().columns().keySet()));
    assertArrayEquals(new double[] {0, 1, 1}, a.obsTime("time"));
    assertEquals("category", a.obsColumn("cell, type").dtype());
    assertArrayEquals(new String[] {"x1", "x2"}, a.var().index());
    assertEquals(-0.3f, a.x().toDense().get(1, 0), 1e-7);
  }

  @Test
  void tsvAndPandasIndex() throws IOException {
    Path f = dir.resolve("cells.tsv");
    Files.writeString(f, "\tcondition\tg1\nc1\tctrl\t1\nc2\tstim\t2\n");
    AnnData a = Csv.read(f).toAnnData();
    assertArrayEquals(new String[] {"c1", "c2"}, a.obs().index());
    assertArrayEquals(new String[] {"ctrl", "stim"}, a.obsLabels("condition"));
    assertEquals(1, a.nVars());
  }

  @Test
  void badInputIsNamed() throws IOException {
    Path ragged = dir.resolve("ragged.csv");
    Files.writeString(ragged, "a,b\n1,2\n3\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.read(ragged));
    assertEquals(ragged + ": line 3 has 1 fields, the header has 2", e.getMessage());
    Path quote = dir.resolve("quote.csv");
    Files.writeString(quote, "a,b\n\"1,2\n");
    e = assertThrows(IllegalArgumentException.class, () -> Csv.read(quote));
    assertEquals(quote + ": unclosed quote starting on line 2", e.getMessage());
    Path nan = dir.resolve("nan.csv");
    Files.writeString(nan, "t,x\n0,1\n1,NaN\n");
    e = assertThrows(IllegalArgumentException.class, () -> Csv.read(nan).toAnnData("t"));
    assertEquals(nan + ": line 3, column 'x': expected a number, found 'NaN'", e.getMessage());
    Path empty = dir.resolve("empty.csv");
    Files.writeString(empty, "");
    e = assertThrows(IllegalArgumentException.class, () -> Csv.read(empty));
    assertEquals(empty + ": empty file (no header)", e.getMessage());
    Path header = dir.resolve("header.csv");
    Files.writeString(header, "t,x\n");
    e = assertThrows(IllegalArgumentException.class, () -> Csv.read(header).toAnnData("t"));
    assertEquals(header + ": no data rows", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Csv.read(nan).toAnnData("day"));
    assertEquals(nan + ": no column 'day'; columns are [t, x]", e.getMessage());
  }

  @Test
  void aTypoInANumericColumnIsNamedByLineAndColumnNotDropped() throws IOException {
    Path f = dir.resolve("typo.csv");
    Files.writeString(f, "samples,x1,x2\n0,1,2\n0,\"3\n\",4\n1,5,abc\n1,7,8\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.read(f).toAnnData("samples"));
    // the quoted cell spans lines 3-4, so the typo is on line 5
    assertEquals(f + ": line 5, column 'x2': 'abc' is not a number, but 3 other cells of the column are", e.getMessage());
  }

  @Test
  void missingValuesInFeaturesAndTimeAreNamedByLineAndColumn() throws IOException {
    Path f = dir.resolve("na.csv");
    Files.writeString(f, "samples,x1,x2\n0,1,2\n0,NA,4\n1,5,6\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.read(f).toAnnData("samples"));
    assertEquals(f + ": line 3, column 'x1': expected a number, found 'NA'", e.getMessage());
    Path g = dir.resolve("empty_cell.csv");
    Files.writeString(g, "samples,x1\n0,1\n0,\n");
    e = assertThrows(IllegalArgumentException.class, () -> Csv.read(g).toAnnData("samples"));
    assertEquals(g + ": line 3, column 'x1': expected a number, found an empty cell", e.getMessage());
    Path t = dir.resolve("na_time.csv");
    Files.writeString(t, "samples,x1\n0,1\nNA,2\n");
    e = assertThrows(IllegalArgumentException.class, () -> Csv.read(t).finiteColumn("samples"));
    assertEquals(t + ": line 3, column 'samples': expected a number, found 'NA'", e.getMessage());
  }

  @Test
  void aTimeLabelColumnIsAnAnnotationNotAFeature() throws IOException {
    Path f = dir.resolve("course.csv");
    Files.writeString(f, "samples,x1,x2\n0,1,2\n1,3,4\n");
    AnnData a = Csv.read(f).toAnnData();
    assertArrayEquals(new String[] {"x1", "x2"}, a.var().index());
    assertArrayEquals(new double[] {0, 1}, a.obsTime("samples"));
  }

  @Test
  void aHeaderNamingAColumnTwiceIsAnError() throws IOException {
    Path f = dir.resolve("dup.csv");
    Files.writeString(f, "samples,x1,x1\n0,1,2\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.read(f));
    assertEquals(f + ": the header names column 'x1' twice (columns 2 and 3); every column needs its own name", e.getMessage());
  }

  @Test
  void aFileWithoutAHeaderRowIsAnErrorButPandasColumnNumbersAreAHeader() throws IOException {
    Path f = dir.resolve("nohead.csv");
    Files.writeString(f, "0.0,1.5,-2\n1.0,3,4\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.read(f));
    assertEquals(f + ": the first line is all numbers (0.0, 1.5, -2), so the file has no header row;"
        + " add a first line naming the columns", e.getMessage());
    Path p = dir.resolve("pandas.csv");
    Files.writeString(p, ",0,1\na,1.5,2\nb,3,4\n");
    AnnData a = Csv.read(p).toAnnData();
    assertArrayEquals(new String[] {"0", "1"}, a.var().index());
    assertArrayEquals(new String[] {"a", "b"}, a.obs().index());
  }

  @Test
  void sharedTrajectoryFiles() throws IOException {
    AnnData a = Csv.read(SharedData.require("mouse_hematopoiesis.csv")).toAnnData("samples");
    assertEquals(10998, a.nObs());
    assertEquals(2, a.nVars());
    double[] t = a.obsTime("samples");
    int[] counts = new int[3];
    for (double v : t) {
      counts[(int) v]++;
    }
    assertArrayEquals(new int[] {1429, 3781, 5788}, counts);
    AnnData d = Csv.read(SharedData.require("dygen.csv")).toAnnData("samples");
    assertEquals(728, d.nObs());
    assertEquals(5, d.nVars());
    assertTrue(d.obsRows("samples", "4.0").length == 301);
  }
}

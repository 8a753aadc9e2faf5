package org.flowmatch4j.cli.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.flowmatch4j.io.AtomicFile;

/**
 * A self-contained one-page HTML report: headings, paragraphs, tables and PNG figures embedded as
 * data URIs, so the single file can be mailed or archived.
 */
public final class HtmlReport {
  private final StringBuilder body = new StringBuilder();
  private final String title;

  public HtmlReport(String title) {
    this.title = title;
    body.append("<h1>").append(escape(title)).append("</h1>\n");
  }

  /** A section heading. */
  public HtmlReport heading(String text) {
    body.append("<h2>").append(escape(text)).append("</h2>\n");
    return this;
  }

  /** A paragraph of plain text. */
  public HtmlReport paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  /** A preformatted block (command lines, configurations). */
  public HtmlReport code(String text) {
    body.append("<pre>").append(escape(text)).append("</pre>\n");
    return this;
  }

  /** A table with a header row; cells are shown as given. */
  public HtmlReport table(List<String> header, List<List<String>> rows) {
    body.append("<table>\n<tr>");
    for (String h : header) {
      body.append("<th>").append(escape(h)).append("</th>");
    }
    body.append("</tr>\n");
    for (List<String> row : rows) {
      body.append("<tr>");
      for (String c : row) {
        body.append("<td>").append(escape(c)).append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** Embeds a PNG file with a caption. */
  public HtmlReport image(Path png, String caption) throws IOException {
    String data = Base64.getEncoder().encodeToString(Files.readAllBytes(png));
    body.append("<figure><img src=\"data:image/png;base64,").append(data).append("\" alt=\"")
        .append(escape(caption)).append("\"><figcaption>").append(escape(caption))
        .append("</figcaption></figure>\n");
    return this;
  }

  /** The whole page. */
  public String html() {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
        + "</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:4px 8px;"
        + "text-align:right}th{background:#eee}td:first-child,th:first-child{text-align:left}"
        + "img{max-width:100%}figure{margin:1em 0}pre{background:#f4f4f4;padding:8px;"
        + "white-space:pre-wrap}</style></head>\n<body>\n" + body + "</body></html>\n";
  }

  /** Writes the page atomically. */
  public void write(Path file) throws IOException {
    AtomicFile.writeString(file, html());
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}

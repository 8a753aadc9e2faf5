package org.flowmatch4j.cli.report;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's {@code chromium} run headless, driven over the DevTools protocol (a WebSocket on a
 * loopback port that the browser picks): opens a page, records console errors, uncaught
 * exceptions, error log entries and every request that is not for a {@code file:} or {@code
 * data:} URL, checks that every image decodes and is not blank, and captures the first screen.
 * Every wait has a timeout.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final long TIMEOUT_S = 60;
  /** Width and height of the first screen. */
  static final int WIDTH = 1280;
  static final int HEIGHT = 900;

  /**
   * Per image (in page order): its alt text, natural size, whether it decoded, and the fraction
   * of its pixels that differ clearly (summed RGB distance above 48) from its top-left pixel.
   */
  private static final String IMAGE_CHECK = """
      (async () => {
        const images = [];
        for (const img of Array.from(document.images)) {
          const r = {alt: img.alt, w: 0, h: 0, decoded: false, differing: 0};
          try { await img.decode(); r.decoded = true; } catch (e) { images.push(r); continue; }
          r.w = img.naturalWidth; r.h = img.naturalHeight;
          const c = document.createElement('canvas'); c.width = r.w; c.height = r.h;
          const g = c.getContext('2d'); g.drawImage(img, 0, 0);
          const d = g.getImageData(0, 0, r.w, r.h).data;
          let n = 0;
          for (let i = 0; i < d.length; i += 4) {
            if (Math.abs(d[i] - d[0]) + Math.abs(d[i + 1] - d[1]) + Math.abs(d[i + 2] - d[2]) > 48) n++;
          }
          r.differing = r.w * r.h > 0 ? n / (r.w * r.h) : 0;
          images.push(r);
        }
        return JSON.stringify({images: images, figures: document.querySelectorAll('figure').length,
            captions: Array.from(document.querySelectorAll('figcaption')).map(f => f.textContent)});
      })()""";

  /** One image of a page as {@link #IMAGE_CHECK} measured it. */
  record Image(String alt, int width, int height, boolean decoded, double differing) {}

  /** What opening a page showed. */
  record PageCheck(List<String> problems, List<Image> images, int figures, List<String> captions) {}

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

  /** The chromium executable on the PATH, or null. */
  static Path find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  HeadlessChromium(Path executable) throws Exception {
    profile = Files.createTempDirectory("fm4j-chromium");
    process = new ProcessBuilder(executable.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
        "--disable-component-update", "--remote-debugging-port=0", "--user-data-dir=" + profile,
        "--window-size=" + WIDTH + "," + HEIGHT, "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      socket = connect();
      for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
        call(domain + ".enable", new JsonObject());
      }
    } catch (Exception | Error e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** Connects to the page that chromium opened. */
  private WebSocket connect() throws Exception {
    String browserUrl = devToolsUrl();
    URI browser = URI.create(browserUrl);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(TIMEOUT_S)).build();
    String list = http.send(
        HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list"))
            .timeout(Duration.ofSeconds(TIMEOUT_S)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    String pageUrl = null;
    for (var t : JsonParser.parseString(list).getAsJsonArray()) {
      JsonObject o = t.getAsJsonObject();
      if ("page".equals(o.get("type").getAsString())) {
        pageUrl = o.get("webSocketDebuggerUrl").getAsString();
        break;
      }
    }
    if (pageUrl == null) {
      throw new IllegalStateException("chromium opened no page: " + list);
    }
    return http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new Listener()).get(TIMEOUT_S, TimeUnit.SECONDS);
  }

  /** Reads chromium's stderr until it names its DevTools endpoint; the rest is drained. */
  private String devToolsUrl() throws Exception {
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          int at = line.indexOf("ws://");
          if (line.startsWith("DevTools listening on") && at >= 0) {
            url.complete(line.substring(at).strip());
          }
        }
        url.completeExceptionally(new IllegalStateException("chromium exited without a DevTools endpoint"));
      } catch (IOException e) {
        url.completeExceptionally(e);
      }
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    return url.get(TIMEOUT_S, TimeUnit.SECONDS);
  }

  private JsonObject call(String method, JsonObject params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonObject> reply = new CompletableFuture<>();
    pending.put(id, reply);
    JsonObject msg = new JsonObject();
    msg.addProperty("id", id);
    msg.addProperty("method", method);
    msg.add("params", params);
    socket.sendText(msg.toString(), true).get(TIMEOUT_S, TimeUnit.SECONDS);
    JsonObject r = reply.get(TIMEOUT_S, TimeUnit.SECONDS);
    if (r.has("error")) {
      throw new IllegalStateException(method + ": " + r.get("error"));
    }
    return r.getAsJsonObject("result");
  }

  /**
   * Opens {@code page}, waits for its load event, checks its images and writes a PNG of the first
   * screen to {@code screenshot}.
   */
  PageCheck open(Path page, Path screenshot) throws Exception {
    problems.clear();
    loaded = new CompletableFuture<>();
    JsonObject nav = new JsonObject();
    nav.addProperty("url", page.toUri().toString());
    JsonObject r = call("Page.navigate", nav);
    if (r.has("errorText")) {
      throw new IllegalStateException("chromium could not open " + page + ": " + r.get("errorText").getAsString());
    }
    loaded.get(TIMEOUT_S, TimeUnit.SECONDS);
    JsonObject eval = new JsonObject();
    eval.addProperty("expression", IMAGE_CHECK);
    eval.addProperty("awaitPromise", true);
    eval.addProperty("returnByValue", true);
    JsonObject result = call("Runtime.evaluate", eval);
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException("the image check failed: " + result.get("exceptionDetails"));
    }
    JsonObject v = JsonParser.parseString(result.getAsJsonObject("result").get("value").getAsString()).getAsJsonObject();
    List<Image> images = new ArrayList<>();
    for (var e : v.getAsJsonArray("images")) {
      JsonObject o = e.getAsJsonObject();
      images.add(new Image(o.get("alt").getAsString(), o.get("w").getAsInt(), o.get("h").getAsInt(),
          o.get("decoded").getAsBoolean(), o.get("differing").getAsDouble()));
    }
    List<String> captions = new ArrayList<>();
    for (var e : v.getAsJsonArray("captions")) {
      captions.add(e.getAsString());
    }
    JsonObject shot = new JsonObject();
    shot.addProperty("format", "png");
    byte[] png = Base64.getDecoder().decode(call("Page.captureScreenshot", shot).get("data").getAsString());
    Files.createDirectories(screenshot.toAbsolutePath().getParent());
    Files.write(screenshot, png);
    return new PageCheck(List.copyOf(problems), images, v.get("figures").getAsInt(), captions);
  }

  private void onEvent(String method, JsonObject p) {
    switch (method) {
      case "Page.loadEventFired" -> loaded.complete(null);
      case "Runtime.consoleAPICalled" -> {
        String type = p.get("type").getAsString();
        if (type.equals("error") || type.equals("assert")) {
          problems.add("console " + type + ": " + p.get("args"));
        }
      }
      case "Runtime.exceptionThrown" -> problems.add("uncaught exception: " + p.get("exceptionDetails"));
      case "Log.entryAdded" -> {
        JsonObject e = p.getAsJsonObject("entry");
        if (e.get("level").getAsString().equals("error")) {
          problems.add("log error: " + e.get("text").getAsString()
              + (e.has("url") ? " (" + e.get("url").getAsString() + ")" : ""));
        }
      }
      case "Network.requestWillBeSent" -> {
        String url = p.getAsJsonObject("request").get("url").getAsString();
        if (!url.startsWith("file:") && !url.startsWith("data:")) {
          problems.add("network request: " + url);
        }
      }
      default -> { }
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        JsonObject msg = JsonParser.parseString(text.toString()).getAsJsonObject();
        text.setLength(0);
        if (msg.has("id")) {
          CompletableFuture<JsonObject> f = pending.remove(msg.get("id").getAsInt());
          if (f != null) {
            f.complete(msg);
          }
        } else if (msg.has("method")) {
          onEvent(msg.get("method").getAsString(), msg.has("params") ? msg.getAsJsonObject("params") : new JsonObject());
        }
      }
      ws.request(1);
      return null;
    }
  }

  @Override
  public void close() throws Exception {
    if (socket != null) {
      socket.abort();
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}

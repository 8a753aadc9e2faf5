package org.flowmatch4j.tasks.spatial;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An image file (JPEG, PNG, BMP, GIF or TIFF, through {@code javax.imageio}) known by its size,
 * whose pixels are decoded only region by region ({@link ImageReadParam#setSourceRegion}): a tiled
 * or striped TIFF then reads only the tiles or strips under the region.
 *
 * @param path the file
 * @param width pixels per row
 * @param height rows
 */
public record ImageFile(Path path, int width, int height) {

  /** Reads the size from the file's header; an unreadable or unknown format is an error naming it. */
  public static ImageFile open(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(path + ": no such image file");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(path.toFile())) {
      ImageReader r = reader(in, path);
      try {
        return new ImageFile(path, r.getWidth(0), r.getHeight(0));
      } finally {
        r.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw unreadable(path, e);
    }
  }

  /** Decodes the pixels of {@code region} (clipped to the image) as packed RGB. */
  public SpotImage read(Rectangle region) {
    Rectangle r = region.intersection(new Rectangle(0, 0, width, height));
    if (r.isEmpty()) {
      return new SpotImage(path, width, height, 0, 0, 0, 0, new int[0]);
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(path.toFile())) {
      ImageReader reader = reader(in, path);
      try {
        ImageReadParam p = reader.getDefaultReadParam();
        p.setSourceRegion(r);
        BufferedImage img = reader.read(0, p);
        int[] rgb = packed(img);
        return new SpotImage(path, width, height, r.x, r.y, r.width, r.height, rgb);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw unreadable(path, e);
    }
  }

  /** The whole image. */
  public SpotImage readAll() {
    return read(new Rectangle(0, 0, width, height));
  }

  /**
   * The pixels as packed RGB: straight from the raster for 8-bit BGR and int RGB images (the JPEG
   * and most PNG cases), through the colour model otherwise.
   */
  static int[] packed(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    java.awt.image.Raster raster = img.getRaster();
    if (img.getType() == BufferedImage.TYPE_3BYTE_BGR && raster.getDataBuffer() instanceof java.awt.image.DataBufferByte db
        && raster.getSampleModel() instanceof java.awt.image.PixelInterleavedSampleModel sm
        && sm.getPixelStride() == 3 && sm.getScanlineStride() == 3 * w && db.getNumBanks() == 1 && db.getOffset() == 0
        && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0) {
      byte[] b = db.getData();
      int[] out = new int[w * h];
      for (int i = 0; i < out.length; i++) {
        int q = 3 * i;
        out[i] = ((b[q + 2] & 255) << 16) | ((b[q + 1] & 255) << 8) | (b[q] & 255);
      }
      return out;
    }
    return img.getRGB(0, 0, w, h, null, 0, w);
  }

  private static ImageReader reader(ImageInputStream in, Path path) {
    Iterator<ImageReader> it = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
    if (!it.hasNext()) {
      throw new IllegalArgumentException(path + ": not an image format this reader knows (expected JPEG, PNG or TIFF)");
    }
    ImageReader r = it.next();
    r.setInput(in, true, true);
    return r;
  }

  private static IllegalArgumentException unreadable(Path path, Exception e) {
    if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith(path.toString())) {
      return iae;
    }
    return new IllegalArgumentException(path + ": cannot read the image (" + e.getMessage() + ")", e);
  }
}

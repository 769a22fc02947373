package chorus.node.files;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Thumbnails (fit in 120x100), previews (at most 1920 wide) and 16x16 mini previews of uploaded
 * images, all JPEG, as Mattermost makes them. Decoding is the JDK's ImageIO, with TwelveMonkeys'
 * JPEG reader plugged in (it reads the CMYK and broken-ICC JPEGs phones and scanners produce,
 * which the JDK's reader rejects); no maintained thumbnailing library is served by our Maven
 * mirror, and scaling is a few lines of Java2D.
 *
 * <p>Memory is bounded whatever the image: the reader subsamples while decoding, so a
 * 7680x4320 photo is decoded at 1920x1080, and images over Mattermost's MaxImageResolution
 * (33,177,600 pixels) get dimensions but no previews. Blocking: call on a blocking executor.
 */
final class ImagePreviews {
  static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff");
  static final long MAX_PIXELS = 33_177_600L;
  private static final int THUMB_WIDTH = 120;
  private static final int THUMB_HEIGHT = 100;
  private static final int PREVIEW_WIDTH = 1920;
  private static final int MINI = 16;

  /** An image's size and its JPEG renditions; renditions are null for an image too large to decode. */
  record Result(int width, int height, byte[] thumbnail, byte[] preview, byte[] mini) {
    boolean hasPreviews() {
      return preview != null;
    }
  }

  /** Empty when the bytes are not an image ImageIO can read. */
  Optional<Result> make(InputStream in) throws IOException {
    try (ImageInputStream input = ImageIO.createImageInputStream(in)) {
      if (input == null) {
        return Optional.empty();
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
      if (!readers.hasNext()) {
        return Optional.empty();
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(input, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
          return Optional.empty();
        }
        if ((long) width * height > MAX_PIXELS) {
          return Optional.of(new Result(width, height, null, null, null));
        }
        ImageReadParam param = reader.getDefaultReadParam();
        int step = Math.max(1, width / PREVIEW_WIDTH);
        param.setSourceSubsampling(step, step, 0, 0);
        BufferedImage decoded = reader.read(0, param);
        BufferedImage preview = scale(decoded, Math.min(PREVIEW_WIDTH, width), height * Math.min(PREVIEW_WIDTH, width) / width);
        double fit = Math.min(1.0, Math.min((double) THUMB_WIDTH / width, (double) THUMB_HEIGHT / height));
        BufferedImage thumbnail = scale(decoded, (int) Math.round(width * fit), (int) Math.round(height * fit));
        BufferedImage mini = scale(decoded, MINI, MINI);
        return Optional.of(new Result(width, height, jpeg(thumbnail), jpeg(preview), jpeg(mini)));
      } catch (IOException | RuntimeException e) {
        // A corrupt or truncated image is still a valid file; it just gets no preview.
        return Optional.empty();
      } finally {
        reader.dispose();
      }
    }
  }

  /** Draws onto an opaque white canvas: JPEG has no alpha, and transparent PNGs should not turn black. */
  private static BufferedImage scale(BufferedImage source, int width, int height) {
    BufferedImage target = new BufferedImage(Math.max(1, width), Math.max(1, height), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = target.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, target.getWidth(), target.getHeight());
      g.drawImage(source, 0, 0, target.getWidth(), target.getHeight(), null);
    } finally {
      g.dispose();
    }
    return target;
  }

  private static byte[] jpeg(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "jpg", out)) {
      throw new IOException("no JPEG writer");
    }
    return out.toByteArray();
  }
}

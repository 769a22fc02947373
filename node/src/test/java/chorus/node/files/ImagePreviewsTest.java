package chorus.node.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagePreviewsTest {
  private final ImagePreviews previews = new ImagePreviews();

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(image, format, out)).isTrue();
    return out.toByteArray();
  }

  private static BufferedImage read(byte[] jpeg) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(jpeg));
  }

  @Test
  void aWideImageIsSubsampledToAPreviewAtMost1920WideAndAThumbnailThatFits() throws IOException {
    byte[] png = encode(new BufferedImage(4000, 500, BufferedImage.TYPE_INT_ARGB), "png");

    ImagePreviews.Result result = previews.make(new ByteArrayInputStream(png)).orElseThrow();

    assertThat(result.width()).isEqualTo(4000);
    assertThat(result.height()).isEqualTo(500);
    BufferedImage preview = read(result.preview());
    assertThat(preview.getWidth()).isEqualTo(1920);
    assertThat(preview.getHeight()).isEqualTo(240);
    BufferedImage thumbnail = read(result.thumbnail());
    assertThat(thumbnail.getWidth()).isEqualTo(120);
    assertThat(thumbnail.getHeight()).isEqualTo(15);
    assertThat(read(result.mini()).getWidth()).isEqualTo(16);
  }

  @Test
  void aSmallImageIsNotEnlarged() throws IOException {
    byte[] gif = encode(new BufferedImage(60, 40, BufferedImage.TYPE_INT_RGB), "gif");

    ImagePreviews.Result result = previews.make(new ByteArrayInputStream(gif)).orElseThrow();

    assertThat(read(result.preview()).getWidth()).isEqualTo(60);
    assertThat(read(result.thumbnail()).getWidth()).isEqualTo(60);
  }

  @Test
  void bytesThatAreNotAnImageOrAreTruncatedGiveNoPreview() throws IOException {
    byte[] png = encode(new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB), "png");
    byte[] truncated = java.util.Arrays.copyOf(png, png.length / 3);

    assertThat(previews.make(new ByteArrayInputStream("not an image".getBytes()))).isEmpty();
    assertThat(previews.make(new ByteArrayInputStream(truncated))).isEmpty();
  }
}

# Regenerates the decoding fixtures with Pillow 9.4.0 (Debian bookworm python3-pil), run from this
# folder: python3 make_fixtures.py ../input_403x271.png
# Each X gets X.rgb = numpy.asarray(<Pillow's decode>.convert("RGB")).tobytes() (HWC uint8).
import sys

import numpy as np
from PIL import Image, ImageOps

src = Image.open(sys.argv[1])


def expect(path, transpose=False):
    im = Image.open(path)
    if transpose:
        im = ImageOps.exif_transpose(im)
    np.asarray(im.convert("RGB")).tofile(path + ".rgb")


y, x = np.mgrid[0:16, 0:24]
cmyk = np.stack([(x * 10) % 256, (y * 15) % 256, ((x + y) * 5) % 256, np.full_like(x, 40)], -1)
Image.fromarray(cmyk.astype(np.uint8), "CMYK").save("cmyk.jpg", quality=95)
expect("cmyk.jpg")

small = src.resize((64, 48))
# linear_rgb.icc is Java's ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData().
small.save("icc.jpg", quality=90, icc_profile=open("linear_rgb.icc", "rb").read())
expect("icc.jpg")

tiny = src.resize((20, 14), Image.BICUBIC)
rgba = np.asarray(tiny.convert("RGBA")).copy()
rgba[..., 3] = (np.arange(20) * 12)[None, :]
Image.fromarray(rgba, "RGBA").save("lossless.webp", lossless=True)
expect("lossless.webp")
tiny.save("lossy.webp", quality=90)
expect("lossy.webp")

pixels = (np.arange(5 * 3 * 3).reshape(3, 5, 3) * 5).astype(np.uint8)
for orientation in range(1, 9):
    exif = Image.Exif()
    exif[0x0112] = orientation
    Image.fromarray(pixels, "RGB").save(f"orientation{orientation}.png", exif=exif.tobytes())
    expect(f"orientation{orientation}.png", transpose=True)

# ycck.jpg: a raw 4-band raster written by Java's JPEG writer (no Adobe marker) with an Adobe APP14
# segment (transform 2 = YCCK) inserted after SOI; Pillow decodes it through libjpeg's YCCK->CMYK.
expect("ycck.jpg")

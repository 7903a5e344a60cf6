/**
 * Images for the models: {@link ai.taskaware.core.image.RgbImage} (the one image type of the
 * project), decoding of PNG/JPEG/BMP/GIF/WebP files converted to RGB as Pillow converts them,
 * resizing identical to Pillow 9.4's {@code Image.resize}, the crops and pads of the CLIP/LLaVA
 * preprocessors, and conversion to normalised NCHW float tensors.
 */
package ai.taskaware.core.image;

/** A picture of the set as its file: PNG, or JPEG for the JPEG look, blurred first when asked. */
import sharp from 'sharp';
import type { Picture } from './styles';

export async function encodePicture(picture: Picture): Promise<{ bytes: Buffer; ext: string }> {
  let image = sharp(picture.data, { raw: { width: picture.width, height: picture.height, channels: picture.channels } });
  if (picture.blur) image = image.blur(picture.blur);
  if (picture.jpegQuality) return { bytes: await image.jpeg({ quality: picture.jpegQuality }).toBuffer(), ext: 'jpg' };
  return { bytes: await image.png({ compressionLevel: 9 }).toBuffer(), ext: 'png' };
}

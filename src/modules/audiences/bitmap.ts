import roaring from 'roaring';

/**
 * Roaring bitmaps (CRoaring through the native `roaring` package) over dense user indexes. The package is
 * CommonJS: its class comes off the default export under ESM.
 */
export const Bitmap = roaring.RoaringBitmap32;
export type Bitmap = InstanceType<typeof roaring.RoaringBitmap32>;

/** Portable serialization (the format other Roaring implementations read), as stored in bytea columns. */
export const toBytes = (b: Bitmap): Buffer => Buffer.from(b.serialize('portable'));
export const fromBytes = (buf: Uint8Array): Bitmap => Bitmap.deserialize(buf, 'portable');

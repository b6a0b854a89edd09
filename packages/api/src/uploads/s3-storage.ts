import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";

import type { UploadMeta, UploadStorage } from "./storage";
import { contentDisposition, isUploadKey } from "./storage";

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** An S3-compatible endpoint (MinIO, R2, …); unset is AWS itself. */
  endpoint?: string;
  /** Unset uses the SDK's own credential chain (AWS_* variables, instance roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Bucket in the path rather than the host name; the default when an endpoint is given. */
  forcePathStyle?: boolean;
  /** Lifetime of the presigned GET URLs. */
  urlTtlSeconds: number;
  /** Key prefix inside the bucket. */
  prefix?: string;
}

const isNotFound = (error: unknown) =>
  error instanceof S3ServiceException &&
  (error.name === "NotFound" ||
    error.name === "NoSuchKey" ||
    error.$metadata.httpStatusCode === 404);

/**
 * Files in an S3-compatible bucket. The metadata travels as the object's own (`x-amz-meta-*`, which
 * must be ASCII, hence the encoded name); browsers fetch the bytes through presigned GETs that also
 * fix the type and the disposition, so the bucket's settings cannot make a file render inline.
 */
export function createS3Storage(options: S3StorageOptions, client?: S3Client): UploadStorage {
  const s3 =
    client ??
    new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
      credentials: options.credentials,
    });
  const objectKey = (key: string) => {
    if (!isUploadKey(key)) throw new Error(`invalid upload key: ${key}`);
    return `${options.prefix ?? "uploads/"}${key}`;
  };
  const head = async (key: string): Promise<UploadMeta | null> => {
    if (!isUploadKey(key)) return null;
    try {
      const object = await s3.send(
        new HeadObjectCommand({ Bucket: options.bucket, Key: objectKey(key) }),
      );
      const meta = object.Metadata ?? {};
      return {
        name: decodeURIComponent(meta.name ?? key),
        mimeType: object.ContentType ?? "application/octet-stream",
        sizeBytes: object.ContentLength ?? 0,
        uploaderId: meta.uploader ?? "",
        createdAt: meta.created ?? "",
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  };
  return {
    kind: "s3",
    async put(key, bytes, meta) {
      await s3.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: objectKey(key),
          Body: bytes,
          ContentType: meta.mimeType,
          ContentLength: bytes.byteLength,
          ContentDisposition: contentDisposition(meta),
          Metadata: {
            name: encodeURIComponent(meta.name),
            uploader: meta.uploaderId,
            created: meta.createdAt,
          },
        }),
      );
    },
    head,
    // The app never proxies S3's bytes; it redirects to `url`.
    get: () => Promise.resolve(null),
    url: (key, meta) =>
      getSignedUrl(
        s3,
        new GetObjectCommand({
          Bucket: options.bucket,
          Key: objectKey(key),
          ResponseContentType: meta.mimeType,
          ResponseContentDisposition: contentDisposition(meta),
        }),
        { expiresIn: options.urlTtlSeconds },
      ),
  };
}

import { z } from "zod";

/** Dotted, hierarchical names like Pyro's (`example.shop.Shop`); any Unicode text, bounded. */
export const serviceNameSchema = z
  .string()
  .trim()
  .min(1, "name must not be empty")
  .max(256, "name must be at most 256 characters");

export const serviceUrlSchema = z
  .url({ protocol: /^https?$/, error: "url must be an http(s) URL" })
  .max(2_048, "url must be at most 2048 characters");

/** Metadata tags: a set (duplicates collapse, stored sorted), case-sensitive. */
export const tagsSchema = z
  .array(z.string().min(1, "a tag must not be empty").max(128, "a tag must be at most 128 characters"))
  .max(64, "at most 64 tags")
  .transform((tags) => [...new Set(tags)].sort());

export const minLeaseTtlMs = 100;
export const maxLeaseTtlMs = 10 * 60_000;
export const defaultLeaseTtlMs = 10_000;

export const registerInput = z.object({
  name: serviceNameSchema,
  url: serviceUrlSchema,
  tags: tagsSchema.default([]),
  ttlMs: z.number().int().min(minLeaseTtlMs).max(maxLeaseTtlMs).default(defaultLeaseTtlMs),
});

export const leaseInput = z.object({ leaseId: z.string().min(1).max(64) });
export const lookupInput = z.object({ name: serviceNameSchema });
export const listInput = z.object({ prefix: z.string().max(256).default("") }).default({ prefix: "" });

export type RegisterInput = z.output<typeof registerInput>;

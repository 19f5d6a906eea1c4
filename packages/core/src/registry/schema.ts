import { z } from "zod";
import { isWellFormedText } from "../shared/unicode-text.ts";

/** The most any registry takes; a registry's own limits (limits.ts) may be lower. */
export const maxNameLength = 256;
export const maxTags = 64;
export const maxTagLength = 128;

/** Dotted, hierarchical names like Pyro's (`example.shop.Shop`); any well-formed Unicode text, bounded. */
export const serviceNameSchema = z
  .string()
  .trim()
  .min(1, "name must not be empty")
  .max(maxNameLength, `name must be at most ${maxNameLength} characters`)
  .refine(isWellFormedText, "name must be well-formed Unicode (it has a lone surrogate)");

/**
 * An instance's base URL, normalised so one endpoint is one instance: scheme and host in lower case, no default port,
 * no trailing slash (`HTTP://Host:80/` → `http://host`). Credentials, a query or a fragment are refused — a trailing
 * `#` would otherwise cut off the path a health probe appends.
 */
export const serviceUrlSchema = z
  .url({ protocol: /^https?$/, error: "url must be an http(s) URL" })
  .max(2_048, "url must be at most 2048 characters")
  .refine((url) => {
    const { username, password } = new URL(url);
    return username === "" && password === "";
  }, "url must not carry credentials")
  .refine((url) => !/[?#]/.test(url), "url must not have a query or a fragment")
  .transform(normalizeServiceUrl);

/** `HTTP://Host:80/api/` → `http://host/api`: the form every registration is stored and compared in. */
export function normalizeServiceUrl(url: string): string {
  const { protocol, host, pathname } = new URL(url);
  return `${protocol}//${host}${pathname.replace(/\/+$/, "")}`;
}

/** Metadata tags: a set (duplicates collapse, stored sorted), case-sensitive. */
export const tagsSchema = z
  .array(
    z
      .string()
      .min(1, "a tag must not be empty")
      .max(maxTagLength, `a tag must be at most ${maxTagLength} characters`)
      .refine(isWellFormedText, "a tag must be well-formed Unicode (it has a lone surrogate)"),
  )
  .max(maxTags, `at most ${maxTags} tags`)
  .transform((tags) => [...new Set(tags)].sort());

export const minLeaseTtlMs = 100;
export const maxLeaseTtlMs = 10 * 60_000;
export const defaultLeaseTtlMs = 10_000;

/** The name under which the registry lists itself; nobody else may register, retag or remove it. */
export const registryServiceName = "switchboard.registry";

export const registerInput = z.object({
  name: serviceNameSchema,
  url: serviceUrlSchema,
  tags: tagsSchema.default([]),
  ttlMs: z.number().int().min(minLeaseTtlMs).max(maxLeaseTtlMs).default(defaultLeaseTtlMs),
  /** Create-only: fail with CONFLICT if the name already has a live instance (Pyro's `safe=True`). */
  safe: z.boolean().default(false),
});

export const leaseInput = z.object({ leaseId: z.string().min(1).max(64) });
export const lookupInput = z.object({ name: serviceNameSchema });
const prefixSchema = z.string().max(256, "prefix must be at most 256 characters");
const patternSchema = z.string().min(1, "regex must not be empty").max(256, "regex must be at most 256 characters");
const countDefined = (input: object) => Object.values(input).filter((value) => value !== undefined).length;

export const listInput = z
  .object({
    prefix: prefixSchema.optional(),
    regex: patternSchema.optional(),
    tagsAll: tagsSchema.optional(),
    tagsAny: tagsSchema.optional(),
  })
  .refine((filter) => countDefined(filter) <= 1, "list takes one filter at a time: prefix, regex, tagsAll or tagsAny")
  .default({});

export const lookupByTagsInput = z.object({
  tags: tagsSchema.refine((tags) => tags.length > 0, "give at least one tag"),
});

export const setMetadataInput = z.object({ name: serviceNameSchema, tags: tagsSchema });

export const removeInput = z
  .object({ name: serviceNameSchema.optional(), prefix: prefixSchema.optional(), regex: patternSchema.optional() })
  .refine((filter) => countDefined(filter) === 1, "remove takes exactly one of name, prefix or regex");

export const countInput = z.object({ prefix: prefixSchema.optional() }).default({});

export const watchInput = z
  .object({
    name: serviceNameSchema.optional(),
    prefix: prefixSchema.optional(),
    /** Resume after this event (tRPC fills it in from `Last-Event-ID` when an SSE stream reconnects). */
    lastEventId: z.string().max(64).optional(),
  })
  .refine((input) => input.name === undefined || input.prefix === undefined, "watch takes a name or a prefix, not both")
  .default({});

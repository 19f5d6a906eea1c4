// Only the text checks, not ./server: this file is imported by the web app's browser code.
import { hasControlCharacters, isWellFormedText } from "@switchboard/core/text";
import { z } from "zod";

/** The largest single deposit or price: one million, in cents. */
export const maxAmountCents = 100_000_000;
/** The largest balance an account may hold (the column is a 32-bit integer of cents; a trigger enforces it too). */
export const maxBalanceCents = 2_000_000_000;
export const maxStatementPage = 100;

export const accountNameSchema = z
  .string()
  .trim()
  .min(1, "account name must not be empty")
  .max(64, "account name must be at most 64 characters")
  .refine(isWellFormedText, "account name must be well-formed Unicode (it has a lone surrogate)")
  .refine((name) => !hasControlCharacters(name), "account name must not contain control characters");

/** Passwords are taken as typed (no trimming); a new one needs 8 characters. */
export const newPasswordSchema = z
  .string()
  .min(8, "password must be at least 8 characters")
  .max(256, "password must be at most 256 characters")
  // Hashed as UTF-8, a lone surrogate becomes U+FFFD: two different passwords would be one.
  .refine(isWellFormedText, "password must be well-formed Unicode (it has a lone surrogate)");
/** Any stored password may be tried, so log-on only bounds the length. */
const passwordSchema = z
  .string()
  .min(1, "password must not be empty")
  .max(256, "password must be at most 256 characters");

export const amountCentsSchema = z
  .number("amount must be a number of cents")
  .int("amount must be a whole number of cents")
  .positive("amount must be positive")
  .max(maxAmountCents, `amount must be at most ${maxAmountCents} cents`);

const sessionSchema = z.string("session must be the token logOn returned").min(1).max(128);

/** Client-chosen, unique per account: a retry with the same key is applied once and answers the first result. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,128}$/, "idempotency key must be 1 to 128 visible ASCII characters");

const itemSchema = z
  .string()
  .trim()
  .min(1, "item must not be empty")
  .max(200, "item must be at most 200 characters")
  .refine(isWellFormedText, "item must be well-formed Unicode (it has a lone surrogate)")
  .refine((item) => !hasControlCharacters(item), "item must not contain control characters");

export const signUpInput = z.object({ name: accountNameSchema, password: newPasswordSchema });
export const logOnInput = z.object({ name: accountNameSchema, password: passwordSchema });
export const sessionInput = z.object({ session: sessionSchema });
export const depositInput = z.object({
  session: sessionSchema,
  amountCents: amountCentsSchema,
  idempotencyKey: idempotencyKeySchema.optional(),
});
export const buyInput = z.object({
  session: sessionSchema,
  priceCents: amountCentsSchema,
  item: itemSchema,
  idempotencyKey: idempotencyKeySchema.optional(),
});
export const statementInput = z.object({
  session: sessionSchema,
  limit: z.number().int().min(1).max(maxStatementPage).default(20),
  /** The `nextBefore` of the previous page: entries older than this id. */
  before: z.number().int().positive().optional(),
});
export const operatorInput = z.object({
  operatorToken: z.string().min(1, "operator token must not be empty").max(256),
});

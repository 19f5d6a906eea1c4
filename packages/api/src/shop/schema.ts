import { z } from "zod";

/** The largest single deposit or price: one million, in cents. */
export const maxAmountCents = 100_000_000;
/** The largest balance an account may hold (the column is a 32-bit integer of cents). */
export const maxBalanceCents = 2_000_000_000;

export const accountNameSchema = z
  .string()
  .trim()
  .min(1, "account name must not be empty")
  .max(64, "account name must be at most 64 characters");

export const amountCentsSchema = z
  .number("amount must be a number of cents")
  .int("amount must be a whole number of cents")
  .positive("amount must be positive")
  .max(maxAmountCents, `amount must be at most ${maxAmountCents} cents`);

export const accountInput = z.object({ name: accountNameSchema });
export const depositInput = z.object({ name: accountNameSchema, amountCents: amountCentsSchema });
export const buyInput = z.object({ name: accountNameSchema, priceCents: amountCentsSchema });

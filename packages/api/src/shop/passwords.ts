import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

// scrypt with N = 2^14, r = 8, p = 1 (16 MiB, ~65 ms on a small VM): slow enough to make offline guessing costly,
// fast enough for a log-on. The parameters travel in the stored string, so they can be raised later without
// invalidating existing hashes.
const defaultParams = { N: 16_384, r: 8, p: 1 };
const keyLength = 32;

/** `scrypt$N$r$p$<salt>$<hash>` (base64url) for a new random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, defaultParams);
  const { N, r, p } = defaultParams;
  return ["scrypt", N, r, p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

/** Whether `password` matches `stored`. Anything unparseable (such as the empty hash of a pre-password account) never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split("$");
  // Spend the same time as a real check, so an account without a usable hash does not stand out.
  if (scheme !== "scrypt" || !salt || !hash) return spendPasswordCheckTime(password);
  const expected = Buffer.from(hash, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), { N: Number(N), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Costs what a real check costs, for log-ons of unknown accounts: their answer must not come back faster. */
export async function spendPasswordCheckTime(password: string): Promise<false> {
  await derive(password, randomBytes(16), defaultParams);
  return false;
}

function derive(password: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem above 128·N·r, so larger future parameters still fit.
    scrypt(password.normalize("NFKC"), salt, keyLength, { ...params, maxmem: 256 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

-- The shop as money software: passwords, a ledger that the balance follows, sessions, log-on throttling.
-- Hand-edited after `prisma migrate diff`: existing accounts keep their balance as an opening ledger entry, and the
-- triggers at the end (which Prisma's schema cannot express) make the database itself keep the ledger invariant.

-- RedefineTables: Account gains passwordHash and loses updatedAt (the trigger changes balances, not Prisma).
-- Accounts from before passwords existed get an empty hash, which no password matches: they cannot log on.
CREATE TABLE "new_Account" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "balanceCents" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Account" ("balanceCents", "createdAt", "id", "name", "passwordHash")
SELECT "balanceCents", "createdAt", "id", "name", '' FROM "Account";
DROP TABLE "Account";
ALTER TABLE "new_Account" RENAME TO "Account";
CREATE UNIQUE INDEX "Account_name_key" ON "Account"("name");

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "item" TEXT,
    "idempotencyKey" TEXT,
    "balanceAfterCents" INTEGER NOT NULL,
    "createdAt" BIGINT NOT NULL,
    CONSTRAINT "LedgerEntry_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" INTEGER NOT NULL,
    "createdAt" BIGINT NOT NULL,
    "expiresAt" BIGINT NOT NULL,
    CONSTRAINT "Session_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LogOnThrottle" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL,
    "lastFailureAt" BIGINT NOT NULL,
    "blockedUntil" BIGINT NOT NULL
);

-- CreateIndex
CREATE INDEX "LedgerEntry_accountId_id_idx" ON "LedgerEntry"("accountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_accountId_idempotencyKey_key" ON "LedgerEntry"("accountId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "Session_accountId_idx" ON "Session"("accountId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "LogOnThrottle_lastFailureAt_idx" ON "LogOnThrottle"("lastFailureAt");

-- Balances from before the ledger become opening entries (before the trigger exists, so they are not added twice).
INSERT INTO "LedgerEntry" ("accountId", "kind", "amountCents", "item", "idempotencyKey", "balanceAfterCents", "createdAt")
SELECT "id", 'deposit', "balanceCents", 'opening balance', 'opening-balance', "balanceCents", CAST(unixepoch('subsec') * 1000 AS INTEGER)
FROM "Account" WHERE "balanceCents" > 0;

-- The ledger invariant, kept by the database for every writer: inserting an entry moves the balance in the same
-- statement, so balance = sum(deposits) - sum(purchases) holds after every commit, and a crash cannot split them.
CREATE TRIGGER "LedgerEntry_applies" AFTER INSERT ON "LedgerEntry"
BEGIN
    UPDATE "Account"
    SET "balanceCents" = "balanceCents" + CASE NEW."kind" WHEN 'deposit' THEN NEW."amountCents" ELSE -NEW."amountCents" END
    WHERE "id" = NEW."accountId";
END;

CREATE TRIGGER "LedgerEntry_is_valid" BEFORE INSERT ON "LedgerEntry"
WHEN NEW."kind" NOT IN ('deposit', 'purchase') OR NEW."amountCents" <= 0
BEGIN
    SELECT RAISE(ABORT, 'ledger entry must be a deposit or purchase of a positive amount');
END;

CREATE TRIGGER "LedgerEntry_no_update" BEFORE UPDATE ON "LedgerEntry"
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are append-only');
END;

CREATE TRIGGER "LedgerEntry_no_delete" BEFORE DELETE ON "LedgerEntry"
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are append-only');
END;

-- Balances stay within 0 .. 2,000,000,000 cents (a 32-bit column): an entry that would leave them is refused whole.
CREATE TRIGGER "Account_balance_in_bounds" BEFORE UPDATE OF "balanceCents" ON "Account"
WHEN NEW."balanceCents" < 0 OR NEW."balanceCents" > 2000000000
BEGIN
    SELECT RAISE(ABORT, 'balance out of bounds');
END;

CREATE TRIGGER "Account_opens_empty" BEFORE INSERT ON "Account"
WHEN NEW."balanceCents" <> 0
BEGIN
    SELECT RAISE(ABORT, 'an account opens with a zero balance; money enters through the ledger');
END;

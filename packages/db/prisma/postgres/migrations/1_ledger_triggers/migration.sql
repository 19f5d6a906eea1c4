-- The ledger invariant, kept by the database for every writer (the shop, a script, psql, Prisma Studio), as the
-- SQLite triggers of its migration 1_shop_ledger keep it there. Prisma's schema cannot express triggers, so they live
-- here; src/postgres/ledger-triggers.test.ts tests them with plain SQL. (A later migration that re-creates "Account" or
-- "LedgerEntry" must re-create them: that test would fail otherwise.)

-- Inserting an entry moves the balance in the same statement, so balance = sum(deposits) - sum(purchases) holds after
-- every commit, and a crash cannot leave one without the other.
CREATE FUNCTION "LedgerEntry_applies"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "Account"
    SET "balanceCents" = "balanceCents" + CASE NEW."kind" WHEN 'deposit' THEN NEW."amountCents" ELSE -NEW."amountCents" END
    WHERE "id" = NEW."accountId";
    RETURN NULL;
END
$$;
CREATE TRIGGER "LedgerEntry_applies" AFTER INSERT ON "LedgerEntry"
FOR EACH ROW EXECUTE FUNCTION "LedgerEntry_applies"();

CREATE FUNCTION "LedgerEntry_is_valid"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW."kind" NOT IN ('deposit', 'purchase') OR NEW."amountCents" <= 0 THEN
        RAISE EXCEPTION 'ledger entry must be a deposit or purchase of a positive amount' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER "LedgerEntry_is_valid" BEFORE INSERT ON "LedgerEntry"
FOR EACH ROW EXECUTE FUNCTION "LedgerEntry_is_valid"();

-- Append-only: no row is changed or deleted, and the table is not truncated (TRUNCATE skips row triggers).
CREATE FUNCTION "LedgerEntry_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are append-only' USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER "LedgerEntry_no_update_or_delete" BEFORE UPDATE OR DELETE ON "LedgerEntry"
FOR EACH ROW EXECUTE FUNCTION "LedgerEntry_is_append_only"();
CREATE TRIGGER "LedgerEntry_no_truncate" BEFORE TRUNCATE ON "LedgerEntry"
FOR EACH STATEMENT EXECUTE FUNCTION "LedgerEntry_is_append_only"();

-- Balances stay within 0 .. 2,000,000,000 cents (a 32-bit column): an entry that would leave them is refused whole.
-- And only a ledger entry moves a balance: an UPDATE of "balanceCents" that does not come from the trigger above
-- (pg_trigger_depth() is 1 for a statement's own triggers, 2 inside "LedgerEntry_applies") is refused, so the
-- invariant holds even against a hand-written UPDATE. (SQLite cannot tell the two apart; there only bounds apply.)
CREATE FUNCTION "Account_balance_is_kept"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW."balanceCents" < 0 OR NEW."balanceCents" > 2000000000 THEN
        RAISE EXCEPTION 'balance out of bounds' USING ERRCODE = 'check_violation';
    END IF;
    IF pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'a balance moves only through a ledger entry' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER "Account_balance_is_kept" BEFORE UPDATE OF "balanceCents" ON "Account"
FOR EACH ROW WHEN (NEW."balanceCents" IS DISTINCT FROM OLD."balanceCents")
EXECUTE FUNCTION "Account_balance_is_kept"();

CREATE FUNCTION "Account_opens_empty"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'an account opens with a zero balance; money enters through the ledger' USING ERRCODE = 'check_violation';
END
$$;
CREATE TRIGGER "Account_opens_empty" BEFORE INSERT ON "Account"
FOR EACH ROW WHEN (NEW."balanceCents" <> 0)
EXECUTE FUNCTION "Account_opens_empty"();

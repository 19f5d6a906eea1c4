-- CreateTable
CREATE TABLE "Registration" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "ttlMs" INTEGER NOT NULL,
    "leaseExpiresAt" BIGINT NOT NULL,
    "registeredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "renewedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Account" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "balanceCents" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Registration_leaseExpiresAt_idx" ON "Registration"("leaseExpiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Registration_name_url_key" ON "Registration"("name", "url");

-- CreateIndex
CREATE UNIQUE INDEX "Account_name_key" ON "Account"("name");

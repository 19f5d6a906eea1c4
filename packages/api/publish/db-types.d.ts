// What the published package's types say about the server's database handles: nothing. The example routers' types
// carry their server context (a Prisma client, a SQLite connection); a client never sees that context, so the
// published declarations stand these in instead of shipping Prisma's generated types.
export type DbClient = unknown;
export type SqliteDatabase = unknown;
export type Prisma = unknown;

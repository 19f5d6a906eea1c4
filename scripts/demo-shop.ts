// The Pyro4 shop example's client.py over Switchboard: Rashmi buys a book, Meeta deposits twice, then every account is listed.
// Prints the same transcript as the original; money travels as integer cents and is printed with two decimals. The
// original trusted a typed name; here each customer has a password and a session, and the final list is the operator view.
import { randomUUID } from "node:crypto";
import { createSwitchboard, formatCents, unitsToCents } from "@switchboard/api/client";
import { TRPCClientError, type TRPCClient } from "@trpc/client";
import type { ShopRouter } from "@switchboard/api/client";
import { resolveDataDir } from "@switchboard/db";
import { readDevToken, registryUrlFrom, transportFrom } from "@switchboard/service";

type Shop = TRPCClient<ShopRouter>;

class Customer {
  private session = "";

  constructor(
    readonly name: string,
    readonly cash: number,
  ) {}

  /** The demo's customers have fixed passwords, so a second run opens the accounts the first one created. */
  private get password(): string {
    return `${this.name.toLowerCase()}-demo-password`;
  }

  async depositCashTwice(shop: Shop): Promise<void> {
    await this.logOnAndDeposit(shop);
    // The original prints self.cash here but deposits 50; the transcript keeps that.
    await this.deposit(shop, this.cash, 50);
    await this.logOut(shop);
  }

  async buyBook(shop: Shop): Promise<void> {
    await this.logOnAndDeposit(shop);
    console.log(`${this.name} is buying a book for ${37}$`);
    await shop.buy.mutate({
      session: this.session,
      priceCents: unitsToCents(37),
      item: "book",
      idempotencyKey: randomUUID(),
    });
    await this.logOut(shop);
  }

  private async logOnAndDeposit(shop: Shop): Promise<void> {
    console.log(`\n*** ${this.name} is doing shopping with ${await shop.name.query()}:`);
    console.log("Log on");
    this.session = await this.openAccount(shop);
    await this.deposit(shop, this.cash, this.cash);
  }

  /** Creates the account on a fresh database, logs on to it on the next run. */
  private async openAccount(shop: Shop): Promise<string> {
    const credentials = { name: this.name, password: this.password };
    try {
      return (await shop.signUp.mutate(credentials)).session;
    } catch (error) {
      const refused = error instanceof TRPCClientError ? (error as TRPCClientError<ShopRouter>) : undefined;
      if (refused?.data?.code !== "CONFLICT") throw error;
      return (await shop.logOn.mutate(credentials)).session;
    }
  }

  private async deposit(shop: Shop, printed: number, amount: number): Promise<void> {
    console.log(`Deposit money ${printed}`);
    // A fresh idempotency key per deposit: if the call is retried on another shop instance, it still counts once.
    await shop.deposit.mutate({
      session: this.session,
      amountCents: unitsToCents(amount),
      idempotencyKey: randomUUID(),
    });
    console.log(`balance=${formatCents((await shop.balance.query({ session: this.session })).balanceCents)}`);
  }

  private async logOut(shop: Shop): Promise<void> {
    console.log("Log out");
    await shop.logOut.mutate({ session: this.session });
  }
}

const shopName = process.env.SHOP_NAME ?? "example.shop.Shop";
const switchboard = createSwitchboard({
  registryUrl: registryUrlFrom(process.env),
  transport: transportFrom(process.env),
});
try {
  // The original prints the URI the name server returned; this is the instance URL the registry returned.
  console.log(await switchboard.resolver.pick(shopName));
  const shop = switchboard.connect<ShopRouter>(shopName);
  const meeta = new Customer("Meeta", 50);
  const rashmi = new Customer("Rashmi", 100);
  await rashmi.buyBook(shop);
  await meeta.depositCashTwice(shop);
  console.log("\n\n\n");
  console.log(`The accounts in the ${await shop.name.query()}:`);
  for (const account of await shop.allAccounts.query({ operatorToken: operatorToken() })) {
    console.log(`  ${account.name} : ${formatCents(account.balanceCents)}`);
  }
} catch (error) {
  console.error(`demo:shop failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  switchboard.close();
}

/** The original lists every account at the end: in this shop that is the operator's view, behind its token. */
function operatorToken(): string {
  const token =
    process.env.SHOP_OPERATOR_TOKEN || readDevToken(resolveDataDir(process.env.SWITCHBOARD_DATA_DIR), "shop-operator");
  if (!token)
    throw new Error(
      "listing all accounts needs the shop's operator token: set SHOP_OPERATOR_TOKEN, or run `npm start` once to make one",
    );
  return token;
}

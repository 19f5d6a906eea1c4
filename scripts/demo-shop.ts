// Seed 000's client.py over Switchboard: Rashmi buys a book, Meeta deposits twice, then every account is listed.
// Prints the same transcript as the seed; money travels as integer cents and is printed with two decimals.
import { createSwitchboard, formatCents, unitsToCents } from "@switchboard/api/client";
import type { TRPCClient } from "@trpc/client";
import type { ShopRouter } from "@switchboard/api/client";
import { registryUrlFrom, transportFrom } from "@switchboard/service";

type Shop = TRPCClient<ShopRouter>;

class Customer {
  constructor(
    readonly name: string,
    readonly cash: number,
  ) {}

  async depositCashTwice(shop: Shop): Promise<void> {
    await this.logOnAndDeposit(shop);
    // The seed prints self.cash here but deposits 50; the transcript keeps that.
    await this.deposit(shop, this.cash, 50);
    await this.logOut(shop);
  }

  async buyBook(shop: Shop): Promise<void> {
    await this.logOnAndDeposit(shop);
    console.log(`${this.name} is buying a book for ${37}$`);
    await shop.buy.mutate({ name: this.name, priceCents: unitsToCents(37) });
    await this.logOut(shop);
  }

  private async logOnAndDeposit(shop: Shop): Promise<void> {
    console.log(`\n*** ${this.name} is doing shopping with ${await shop.name.query()}:`);
    console.log("Log on");
    await shop.logOn.mutate({ name: this.name });
    await this.deposit(shop, this.cash, this.cash);
  }

  private async deposit(shop: Shop, printed: number, amount: number): Promise<void> {
    console.log(`Deposit money ${printed}`);
    await shop.deposit.mutate({ name: this.name, amountCents: unitsToCents(amount) });
    console.log(`balance=${formatCents((await shop.balance.query({ name: this.name })).balanceCents)}`);
  }

  private async logOut(shop: Shop): Promise<void> {
    console.log("Log out");
    await shop.logOut.mutate({ name: this.name });
  }
}

const shopName = process.env.SHOP_NAME ?? "example.shop.Shop";
const switchboard = createSwitchboard({
  registryUrl: registryUrlFrom(process.env),
  transport: transportFrom(process.env),
});
try {
  // The seed prints the URI the name server returned; this is the instance URL the registry returned.
  console.log(await switchboard.resolver.pick(shopName));
  const shop = switchboard.connect<ShopRouter>(shopName);
  const meeta = new Customer("Meeta", 50);
  const rashmi = new Customer("Rashmi", 100);
  await rashmi.buyBook(shop);
  await meeta.depositCashTwice(shop);
  console.log("\n\n\n");
  console.log(`The accounts in the ${await shop.name.query()}:`);
  for (const account of await shop.allAccounts.query()) {
    console.log(`  ${account.name} : ${formatCents(account.balanceCents)}`);
  }
} catch (error) {
  console.error(`demo:shop failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  switchboard.close();
}

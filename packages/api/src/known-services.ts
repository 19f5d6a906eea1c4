import type { GreeterRouter } from "./greeter/router.ts";
import type { ShopRouter } from "./shop/router.ts";

// The example services' names, typed for every `connect()` in a program that imports this package.
declare module "@switchboard/core/client" {
  interface KnownServices {
    "example.greeter": GreeterRouter;
    "example.shop.Shop": ShopRouter;
  }
}

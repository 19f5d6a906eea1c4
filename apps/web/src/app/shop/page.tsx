import { OperatorView } from "../../components/shop/operator-view.tsx";
import { ShopView } from "../../components/shop/shop-view.tsx";

export default function ShopPage() {
  return (
    <>
      <h1>BuyAnythingOnline</h1>
      <p className="lead">The Pyro4 shop example: your own account, its balance and its statement.</p>
      <ShopView />
      <OperatorView />
    </>
  );
}

import { OperatorView } from "../../components/shop/operator-view.tsx";
import { ShopView } from "../../components/shop/shop-view.tsx";

export default function ShopPage() {
  return (
    <>
      <h1>BuyAnythingOnline</h1>
      <p className="lead">Seed 000&apos;s shop: your own account, its balance and its statement.</p>
      <ShopView />
      <OperatorView />
    </>
  );
}

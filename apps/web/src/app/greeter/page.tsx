import { GreeterView } from "../../components/greeter-view.tsx";

export default function GreeterPage() {
  return (
    <>
      <h1>Greeter</h1>
      <p className="lead">The Pyro4 greeter example: it answers by name, found through the registry.</p>
      <GreeterView />
    </>
  );
}

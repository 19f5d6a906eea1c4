import { DirectoryView } from "../components/directory-view.tsx";

export default function DirectoryPage() {
  return (
    <>
      <h1>Service directory</h1>
      <p className="lead">Every name in the registry with its live instances. It follows the registry as it changes.</p>
      <DirectoryView />
    </>
  );
}

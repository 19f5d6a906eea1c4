import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Nav } from "../components/nav.tsx";
import { ServiceBanner } from "../components/service-banner.tsx";
import { Providers } from "../trpc/client.tsx";
import "./globals.css";

export const metadata: Metadata = {
  title: "Switchboard",
  description: "The live service directory, the greeter and the shop — found by name through the registry.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <a className="skip-link" href="#main">
            Skip to content
          </a>
          <header className="site-header">
            <span className="brand">Switchboard</span>
            <Nav />
          </header>
          <ServiceBanner />
          <main id="main">{children}</main>
        </Providers>
      </body>
    </html>
  );
}

"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useTRPC } from "../trpc/client.tsx";

/**
 * Says which service is down, and disappears by itself when it is back (checked every 2 s). When a service comes
 * back, everything on the page is fetched again, so what failed while it was away fills in without a reload.
 */
export function ServiceBanner() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.status.services.queryOptions(undefined, { refetchInterval: 2_000 }));
  const down = status.data?.filter((service) => !service.up) ?? [];
  const downNames = down.map((service) => service.name).join(",");
  const previouslyDown = useRef("");
  useEffect(() => {
    const recovered = previouslyDown.current.split(",").some((name) => name && !downNames.includes(name));
    previouslyDown.current = downNames;
    if (recovered) void queryClient.invalidateQueries();
  }, [downNames, queryClient]);

  if (status.isError) {
    return (
      <div role="alert" className="banner">
        The web server cannot check the services right now.
      </div>
    );
  }
  if (down.length === 0) return null;
  return (
    <div role="alert" className="banner">
      {down.map((service) => (
        <p key={service.name}>
          The <strong>{service.label}</strong> ({service.name}) is unavailable: {service.problem}. This page recovers by
          itself when it is back.
        </p>
      ))}
    </div>
  );
}

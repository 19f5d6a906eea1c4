import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../trpc/client.tsx";

/** After anything that changes the account: fetch it and its statement again. */
export function useRefreshAccount(): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.shop.account.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.shop.statement.queryKey() }),
    ]);
  };
}

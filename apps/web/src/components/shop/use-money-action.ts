import { useMutation, type UseMutationOptions } from "@tanstack/react-query";
import { useState } from "react";
import { useIdempotencyKey } from "./use-idempotency-key.ts";
import { useRefreshAccount } from "./use-refresh-account.ts";

/**
 * What the deposit and buy forms share: the call carries the form's idempotency key, a success renews the key,
 * clears the form and refreshes the account; a problem found at the form and one the server answered show alike.
 */
export function useMoneyAction<TInput extends { idempotencyKey: string }, TOutput, TError>(
  options: UseMutationOptions<TOutput, TError, TInput>,
  clearForm: () => void,
) {
  const refresh = useRefreshAccount();
  const idempotency = useIdempotencyKey();
  const [formError, setFormError] = useState<string | null>(null);
  const mutation = useMutation({
    ...options,
    onSuccess: async () => {
      idempotency.renew();
      clearForm();
      await refresh();
    },
  });
  return {
    send(input: Omit<TInput, "idempotencyKey">) {
      setFormError(null);
      mutation.mutate({ ...input, idempotencyKey: idempotency.key() } as TInput);
    },
    refuse: setFormError,
    pending: mutation.isPending,
    /** The form's own problem, or the failed call (shown with its message). */
    error: formError ?? mutation.error,
  };
}

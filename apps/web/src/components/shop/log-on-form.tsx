"use client";
import { ErrorMessage } from "../error-message.tsx";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../../trpc/client.tsx";
import { useRefreshAccount } from "./use-refresh-account.ts";

/** Log on to an account, or sign up for a new one, with a name and a password. */
export function LogOnForm() {
  const trpc = useTRPC();
  const refresh = useRefreshAccount();
  const [mode, setMode] = useState<"logOn" | "signUp">("logOn");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const logOn = useMutation(trpc.shop.logOn.mutationOptions({ onSuccess: refresh }));
  const signUp = useMutation(trpc.shop.signUp.mutationOptions({ onSuccess: refresh }));
  const active = mode === "logOn" ? logOn : signUp;

  function submit(event: FormEvent) {
    event.preventDefault();
    active.mutate({ name, password });
  }

  return (
    <section className="card" aria-labelledby="log-on-heading">
      <h2 id="log-on-heading">{mode === "logOn" ? "Log on" : "Sign up"}</h2>
      <form onSubmit={submit} className="stack">
        <label>
          Account name
          <input
            value={name}
            onChange={(event) => setName(event.target.value)}
            required
            maxLength={64}
            autoComplete="username"
          />
        </label>
        <label>
          Password
          <input
            type="password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
            minLength={mode === "signUp" ? 8 : 1}
            maxLength={256}
            autoComplete={mode === "signUp" ? "new-password" : "current-password"}
          />
          {mode === "signUp" && <span className="hint">At least 8 characters.</span>}
        </label>
        <button type="submit" disabled={active.isPending}>
          {mode === "logOn" ? "Log on" : "Sign up"}
        </button>
        <ErrorMessage error={active.error} />
      </form>
      <p>
        {mode === "logOn" ? "New here? " : "Have an account? "}
        <button type="button" className="link" onClick={() => setMode(mode === "logOn" ? "signUp" : "logOn")}>
          {mode === "logOn" ? "Sign up instead" : "Log on instead"}
        </button>
      </p>
    </section>
  );
}

"use client";
import { ErrorMessage } from "./error-message.tsx";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../trpc/client.tsx";

export function GreeterView() {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const welcome = useMutation(trpc.greeter.welcome.mutationOptions());

  function submit(event: FormEvent) {
    event.preventDefault();
    welcome.mutate({ name });
  }

  return (
    <section className="card">
      <form onSubmit={submit} className="stack">
        <label>
          What is your name?
          <input
            value={name}
            onChange={(event) => setName(event.target.value)}
            required
            maxLength={100}
            autoComplete="name"
          />
        </label>
        <button type="submit" disabled={welcome.isPending}>
          {welcome.isPending ? "Asking…" : "Greet me"}
        </button>
      </form>
      <div aria-live="polite">
        <ErrorMessage error={welcome.error} />
        {welcome.isSuccess && (
          <p className="answer">
            <strong data-testid="greeting">{welcome.data.message}</strong>
            <span className="muted"> — answered by {welcome.data.instance}</span>
          </p>
        )}
      </div>
    </section>
  );
}

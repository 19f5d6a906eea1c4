/** The message of a failed call: the services' messages are written for people ("insufficient funds: …"). */
export function errorText(error: unknown): string {
  return error instanceof Error && error.message ? error.message : "something went wrong";
}

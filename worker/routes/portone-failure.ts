import type { GatewayFailure } from "../adapters/portone-gateway.ts";
import { ApiError } from "../domain/errors.ts";

/** A PortOne failure as the API error the caller sees; the detail goes to logs only. */
export function portOneError(failure: GatewayFailure, paymentId?: string): ApiError {
  console.error(JSON.stringify({ event: "portone_call_failed", paymentId, ...failure }));
  switch (failure.kind) {
    case "UNAVAILABLE":
      return new ApiError("PORTONE_UNAVAILABLE", "PortOne did not answer. Nothing was lost: try again in a moment.");
    case "UNAUTHORIZED":
      return new ApiError("PORTONE_AUTH_FAILED", "PortOne refused the checkout's credentials (check PORTONE_API_SECRET).");
    case "NOT_FOUND":
      return new ApiError("PAYMENT_NOT_FOUND", "PortOne has no payment with this paymentId.");
    case "REFUSED":
      return new ApiError("PORTONE_REJECTED", `PortOne refused the request (${failure.type}).`);
  }
}

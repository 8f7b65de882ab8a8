import type { Context } from "hono";

/**
 * A V1 refusal: `{ code, message, response: null }` with an HTTP status. Business errors are
 * HTTP 200 with `code: 1`, as PortOne V1 answers them.
 *
 * @example
 * ```ts
 * throw new V1Error(200, 1, "이미 등록된 merchant_uid입니다.");
 * ```
 */
export class V1Error extends Error {
  readonly status: 200 | 400 | 401 | 404;
  readonly code: number;

  constructor(status: 200 | 400 | 401 | 404, code: number, message: string) {
    super(message);
    this.name = "V1Error";
    this.status = status;
    this.code = code;
  }
}

/** The unknown-payment answer: 404 `code: -1`. */
export const notFound = () => new V1Error(404, -1, "존재하지 않는 결제정보입니다.");

/** A business error: HTTP 200, `code: 1`. */
export const businessError = (message: string) => new V1Error(200, 1, message);

/** The success envelope `{ code: 0, message: null, response }`. */
export function ok<T>(c: Context, response: T): Response {
  return c.json({ code: 0, message: null, response });
}

/** The V1 app's `onError`: a {@link V1Error} becomes its envelope, anything else a 500 with `code: -1`. */
export function handleV1Error(error: Error, c: Context): Response {
  if (error instanceof V1Error)
    return c.json({ code: error.code, message: error.message, response: null }, error.status);
  console.error("[portone-emulator v1]", error);
  return c.json({ code: -1, message: "에뮬레이터 내부 오류입니다.", response: null }, 500);
}
